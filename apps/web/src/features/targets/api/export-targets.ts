import { apiPaths } from '@actionday/contracts';
import { downloadApiFile } from '../../../shared/download';

/** Fetches the export with the token and hands it to the browser as a file download. */
export function downloadTargetsCsv(operationId: string, fileName: string): Promise<void> {
  return downloadApiFile(apiPaths.targetsExport(operationId), fileName, 'text/csv');
}
