import { apiBlob } from './api-client';

/** Hands a Blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Revoked on the next tick: some browsers start the download asynchronously after click().
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/**
 * Downloads a file of the API that needs the caller's token (exports, the audit log): a plain
 * link cannot carry the Bearer token, so it is fetched like any request and saved from a Blob.
 */
export async function downloadApiFile(path: string, fileName: string, accept: string): Promise<void> {
  saveBlob(await apiBlob(path, { accept }), fileName);
}
