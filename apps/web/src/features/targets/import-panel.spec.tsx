/** @jest-environment jsdom */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { io } from 'socket.io-client';
import {
  apiPaths,
  TARGET_KINDS,
  type ImportError,
  type ImportPreviewRow,
  type ImportProgress,
  type TargetKind,
} from '@actionday/contracts';
import { closeLiveSocket } from '../../shared/socket';
import { endSession, startSession } from '../../shared/session';
import { deferred, errorBody, FakeApi, type FakeReply } from '../../test/fake-api';
import { FakeSocket, type FakeSocketOptions } from '../../test/fake-socket';
import { importResult, loginResponse, page, uuid } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';
import { BoardPage } from './index';

/**
 * The coordinator's CSV import on the board (BoardPage, from the feature's barrel): a preview
 * lists a broken file's errors by line and imports nothing; a clean file imports, with the
 * progress the server sends on the app's socket.
 */

// The app's one socket (shared/socket.ts) is made by socket.io-client's io(): the fake stands in for it.
jest.mock('socket.io-client', () => ({ io: jest.fn() }));

jest.setTimeout(20_000);
const setupUser = () => userEvent.setup({ delay: null });

let api: FakeApi;
let opId: string;
let socket: FakeSocket;

/** The API's CSV check, just enough of it: `kind,value` rows, a 1-based line per error (the header is line 1). */
function checkCsv(csv: string, dryRun: boolean) {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const columns = header.split(',');
  const errors: ImportError[] = [];
  const preview: ImportPreviewRow[] = [];
  lines.forEach((line, i) => {
    const row = i + 2;
    const cells = Object.fromEntries(columns.map((c, j) => [c, line.split(',')[j]?.trim() ?? '']));
    if (!TARGET_KINDS.includes(cells.kind as TargetKind))
      errors.push({ row, column: 'kind', message: `unknown kind "${cells.kind}"` });
    else if (!cells.value) errors.push({ row, column: 'value', message: 'is required' });
    else
      preview.push({
        row,
        kind: cells.kind as TargetKind,
        value: cells.value,
        normalized: cells.value.toLowerCase(),
        valid: true,
        platform: null,
        category: null,
        country: cells.country || null,
        language: null,
        tags: [],
        priority: 0,
      });
  });
  return importResult({
    dryRun,
    rows: lines.length,
    errors,
    created: errors.length ? 0 : preview.length,
    preview: dryRun ? preview : [],
  });
}

function importRoute(
  handler?: (
    dryRun: boolean,
    csv: string,
    importId: string | null,
  ) => FakeReply | Promise<FakeReply>,
) {
  api.on('POST', apiPaths.targetsImport(opId), (req) => {
    const dryRun = req.query.get('dryRun') === 'true';
    if (handler) return handler(dryRun, String(req.body), req.query.get('importId'));
    const result = checkCsv(String(req.body), dryRun);
    return {
      status: dryRun ? 200 : result.errors.length ? 400 : 201,
      body:
        result.errors.length && !dryRun
          ? { ...errorBody(400, 'CSV has errors'), ...result }
          : result,
    };
  });
}

const imports = () => api.sent('POST', apiPaths.targetsImport(opId));
const csvFile = (text: string, name = 'targets.csv') =>
  new File([text], name, { type: 'text/csv' });

async function openImport() {
  renderApp(<BoardPage operationId={opId} canManage />);
  const region = await screen.findByRole('region', { name: 'Import targets' });
  return within(region);
}

beforeEach(() => {
  opId = uuid();
  api = new FakeApi().install();
  api
    .on('GET', apiPaths.targets(opId), { status: 200, body: page([]) })
    .on('GET', apiPaths.teams(opId), { status: 200, body: { items: [] } });
  jest
    .mocked(io)
    .mockImplementation(
      ((url: string, opts: FakeSocketOptions) =>
        (socket = new FakeSocket(url, opts))) as unknown as typeof io,
    );
  startSession(loginResponse());
});

afterEach(() => {
  closeLiveSocket();
  endSession('logout');
});

const BROKEN =
  'kind,value,country\nphone,+31 6 1234 5678,NL\nfax,+31 20 555 0100,NL\nemail,,NL\nplatform,escort-ads.example,NL\n';
const CLEAN = 'kind,value,country\nphone,+31 6 1234 5678,NL\nplatform,escort-ads.example,NL\n';

describe('Import targets', () => {
  it('a preview of a broken CSV lists its errors by line and column, and offers no import', async () => {
    const user = setupUser();
    importRoute();
    const panel = await openImport();
    await user.upload(panel.getByLabelText('CSV file'), csvFile(BROKEN));
    await panel.findByText('targets.csv ready');
    await user.click(panel.getByRole('button', { name: 'Preview import' }));

    expect((await panel.findByRole('alert')).textContent).toBe(
      '2 errors in the file — nothing can be imported until they are fixed.',
    );
    const table = panel.getByRole('table', { name: 'Errors' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['3', 'kind', 'unknown kind "fax"'],
      ['4', 'value', 'is required'],
    ]);
    expect(panel.getByRole<HTMLButtonElement>('button', { name: /^Import/ }).disabled).toBe(true);
    // Sent as the file, as a dry run.
    expect(imports()).toHaveLength(1);
    expect(imports()[0].query.get('dryRun')).toBe('true');
    expect(imports()[0].headers['Content-Type']).toBe('text/csv');
    expect(imports()[0].body).toBe(BROKEN);
  });

  it('by keyboard: a clean file is previewed, then imported, with the progress the server sends, and the panel is reset', async () => {
    const user = setupUser();
    const answer = deferred<FakeReply>();
    importRoute((dryRun, csv) =>
      dryRun ? { status: 200, body: checkCsv(csv, true) } : answer.promise,
    );
    const panel = await openImport();

    const input = panel.getByLabelText<HTMLInputElement>('CSV file');
    input.focus();
    await user.upload(input, csvFile(CLEAN));
    await panel.findByText('targets.csv ready');
    await user.tab();
    expect(document.activeElement).toBe(panel.getByRole('button', { name: 'Preview import' }));
    await user.keyboard('{Enter}');

    const preview = await panel.findByRole('table', { name: 'Targets to create' });
    expect(within(preview).getAllByRole('row')).toHaveLength(3);
    expect(within(preview).getByText('escort-ads.example')).toBeTruthy();
    expect(panel.queryByRole('table', { name: 'Errors' })).toBeNull();

    await user.tab();
    const importButton = panel.getByRole<HTMLButtonElement>('button', { name: 'Import 2 targets' });
    expect(document.activeElement).toBe(importButton);
    await user.keyboard(' ');

    await waitFor(() => expect(imports()).toHaveLength(2));
    const real = imports()[1];
    expect(real.query.get('dryRun')).toBe('false');
    const importId = real.query.get('importId') ?? '';
    expect(importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(panel.getByText('Starting…')).toBeTruthy();

    // Progress of another import, then of this one, on the app's socket.
    const progress = (p: Partial<ImportProgress>): ImportProgress => ({
      operationId: opId,
      importId,
      phase: 'inserting',
      processed: 0,
      total: 2,
      ...p,
    });
    act(() => socket.fire('progress', progress({ importId: uuid(), processed: 2 })));
    expect(panel.getByText('Starting…')).toBeTruthy();
    act(() => socket.fire('progress', progress({ processed: 1 })));
    expect(panel.getByText('Saving targets — 1 / 2')).toBeTruthy();
    expect(panel.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')).toBe(
      '0.5',
    );

    await act(async () => answer.resolve({ status: 201, body: checkCsv(CLEAN, false) }));
    expect((await panel.findByRole('status')).textContent).toBe('Imported 2 targets');
    expect(panel.queryByRole('table', { name: 'Targets to create' })).toBeNull();
    expect(input.value).toBe('');
    expect(panel.getByRole<HTMLButtonElement>('button', { name: 'Preview import' }).disabled).toBe(
      true,
    );
  });

  it('a real import refused with 400 (the file changed meaning on the server) shows its row errors, not a bare 400', async () => {
    const user = setupUser();
    importRoute((dryRun, csv) =>
      dryRun
        ? { status: 200, body: checkCsv(csv, true) }
        : {
            status: 400,
            body: {
              ...errorBody(400, 'CSV has errors'),
              ...importResult({
                dryRun: false,
                rows: 2,
                errors: [{ row: 2, column: 'value', message: 'already a target since 10:02' }],
              }),
            },
          },
    );
    const panel = await openImport();
    await user.upload(panel.getByLabelText('CSV file'), csvFile(CLEAN));
    await panel.findByText('targets.csv ready');
    await user.click(panel.getByRole('button', { name: 'Preview import' }));
    await user.click(await panel.findByRole('button', { name: 'Import 2 targets' }));

    const table = await panel.findByRole('table', { name: 'Errors' });
    expect(within(table).getByText('already a target since 10:02')).toBeTruthy();
    expect(panel.getByRole('alert').textContent).toBe(
      '1 error in the file — nothing can be imported until they are fixed.',
    );
    expect(panel.queryByText(/400/)).toBeNull();
  });

  it('a file that cannot be a CSV import is refused before anything is sent', async () => {
    // "All files" in the file dialog: the input's accept=".csv" does not stop the choice.
    const user = userEvent.setup({ delay: null, applyAccept: false });
    importRoute();
    const panel = await openImport();
    const input = panel.getByLabelText('CSV file');
    await user.upload(input, csvFile('', 'empty.csv'));
    expect(await panel.findByText('The file is empty')).toBeTruthy();
    await user.upload(input, new File(['%PDF-1.7'], 'targets.pdf', { type: 'application/pdf' }));
    expect(await panel.findByText('Choose a .csv file')).toBeTruthy();
    expect(panel.getByRole<HTMLButtonElement>('button', { name: 'Preview import' }).disabled).toBe(
      true,
    );
    expect(imports()).toHaveLength(0);
  });
});
