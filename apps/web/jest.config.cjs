// The web's unit tests are pure logic and run in node; a component spec (*.spec.tsx) asks for a
// DOM itself with a `/** @jest-environment jsdom */` docblock, and src/test/setup-dom.cjs gives
// jsdom the few browser globals it lacks.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
  setupFiles: ['<rootDir>/src/test/setup-dom.cjs'],
};
