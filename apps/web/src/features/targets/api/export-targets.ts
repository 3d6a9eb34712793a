import { apiPaths } from '@actionday/contracts';
import { apiBlob } from '../../../shared/api-client';

export function exportTargetsCsv(operationId: string): Promise<Blob> {
  return apiBlob(apiPaths.targetsExport(operationId), { accept: 'text/csv' });
}

/** Fetches the export with the token and hands it to the browser as a file download. */
export async function downloadTargetsCsv(operationId: string, fileName: string): Promise<void> {
  const blob = await exportTargetsCsv(operationId);
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
