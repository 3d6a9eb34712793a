import { downloadApiFile } from '../../../shared/download';
import { exportFileName, type ExportFile } from '../export-files';

/** Fetches one export with the caller's token and saves it under a readable name. */
export function downloadExport(operation: { id: string; name: string }, file: ExportFile): Promise<void> {
  return downloadApiFile(file.path(operation.id), exportFileName(operation.name, file), file.accept);
}
