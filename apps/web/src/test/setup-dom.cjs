// Runs before every web spec (jest `setupFiles`). A node spec needs nothing; a component spec
// (with `@jest-environment jsdom`) gets the few browser globals jsdom lacks that the app reads on
// import (react-router encodes with TextEncoder) or when used (the import panel reads the chosen
// file with Blob.text()). CommonJS: it needs node's util, and the web's tsconfig has no node types.
const { TextDecoder, TextEncoder } = require('node:util');

if (typeof window !== 'undefined') {
  if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = TextEncoder;
  if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = TextDecoder;

  if (typeof Blob !== 'undefined' && typeof Blob.prototype.text !== 'function') {
    Object.defineProperty(Blob.prototype, 'text', {
      configurable: true,
      value() {
        return new Promise((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.onerror = () => reject(reader.error);
          reader.readAsText(this);
        });
      },
    });
  }
}
