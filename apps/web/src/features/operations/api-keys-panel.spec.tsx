/** @jest-environment jsdom */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiKeySchema, apiPaths, type ApiKey, type CreatedApiKey, type Operation, type Team } from '@actionday/contracts';
import { endSession, startSession } from '../../shared/session';
import { errorBody, FakeApi } from '../../test/fake-api';
import { loginResponse, member, operation, team, USER_ID, uuid } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';
import { TeamsMembersPage } from './index';

/**
 * The coordinators' API keys on the Team & members page, against a fake API: a new key's secret
 * is shown once with a copy button and is kept nowhere once dismissed; the list shows a key's
 * prefix and state; a key is revoked after a confirmation.
 */

jest.setTimeout(20_000);
const setupUser = () => userEvent.setup({ delay: null });

const SECRET = `adk_${'Zq3xYw7v'}${'a'.repeat(35)}`;

let api: FakeApi;
let op: Operation;
let nl: Team;
let keys: ApiKey[];

function apiKey(patch: Partial<ApiKey> = {}): ApiKey {
  return apiKeySchema.parse({
    id: uuid(),
    operationId: op.id,
    name: 'Old tool',
    teamId: nl.id,
    userId: uuid(),
    prefix: 'adk_OldTool1',
    createdBy: USER_ID,
    createdAt: '2026-03-28T08:00:00.000Z',
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    ...patch,
  });
}

// jsdom has <dialog> without its modal methods.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

beforeEach(() => {
  op = operation({ myRole: 'coordinator' });
  nl = team(op.id, 'Team NL');
  keys = [apiKey()];
  api = new FakeApi().install();
  api
    .on('GET', apiPaths.operation(op.id), { status: 200, body: op })
    .on('GET', apiPaths.teams(op.id), { status: 200, body: { items: [nl] } })
    .on('GET', apiPaths.members(op.id), { status: 200, body: { items: [member(USER_ID, 'Cora Coordinator', { role: 'coordinator' })] } })
    .on('GET', apiPaths.apiKeys(op.id), () => ({ status: 200, body: { items: keys } }));
  startSession(loginResponse());
});

afterEach(() => endSession('logout'));

async function openPanel() {
  const view = renderApp(<TeamsMembersPage operationId={op.id} />);
  const region = await screen.findByRole('region', { name: 'API keys for tools' });
  await within(region).findByText('Old tool');
  return { panel: within(region), queryClient: view.queryClient };
}

describe('API keys panel', () => {
  it('creates a key and shows its secret once, with a copy button; afterwards it is nowhere', async () => {
    const user = setupUser();
    const writeText = jest.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    api.on('POST', apiPaths.apiKeys(op.id), (req) => {
      const made = apiKey({ name: (req.body as { name: string }).name, prefix: SECRET.slice(0, 12) });
      keys = [made, ...keys];
      return { status: 201, body: { key: made, secret: SECRET } satisfies CreatedApiKey };
    });
    const { panel, queryClient } = await openPanel();
    expect(panel.getByRole('form', { name: 'Create API key' })).toBeTruthy();

    await user.type(panel.getByLabelText('Key name'), 'Detection tool');
    await user.selectOptions(panel.getByLabelText('Acts as officer of'), nl.id);
    await user.click(panel.getByRole('button', { name: 'Create API key' }));

    const shown = await panel.findByRole('region', { name: 'New API key' });
    expect(within(shown).getByTestId('api-key-secret').textContent).toBe(SECRET);
    expect(api.sent('POST', apiPaths.apiKeys(op.id)).map((r) => r.body)).toEqual([{ name: 'Detection tool', teamId: nl.id }]);
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(within(shown).getByRole('status').textContent).toBe('Copied');

    // Listed by its prefix; the cached list never held the secret.
    const table = panel.getByRole('table');
    const row = within(table).getByText('Detection tool').closest('tr') as HTMLElement;
    expect(within(row).getByText(`${SECRET.slice(0, 12)}…`)).toBeTruthy();
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(SECRET);

    await user.click(within(shown).getByRole('button', { name: 'Done, I have copied it' }));
    expect(panel.queryByRole('region', { name: 'New API key' })).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('names what is wrong before sending, and what the server refused next to its field', async () => {
    const user = setupUser();
    api.on('POST', apiPaths.apiKeys(op.id), { status: 400, body: errorBody(400, 'invalid teamId', [{ path: 'teamId', message: 'no such team in this operation' }]) });
    const { panel } = await openPanel();

    await user.type(panel.getByLabelText('Key name'), 'Tool');
    await user.click(panel.getByRole('button', { name: 'Create API key' }));
    expect(panel.getByLabelText('Acts as officer of').getAttribute('aria-invalid')).toBe('true');
    expect(api.sent('POST', apiPaths.apiKeys(op.id))).toHaveLength(0);

    await user.selectOptions(panel.getByLabelText('Acts as officer of'), nl.id);
    await user.click(panel.getByRole('button', { name: 'Create API key' }));
    expect(await panel.findByText('no such team in this operation')).toBeTruthy();
    expect(api.sent('POST', apiPaths.apiKeys(op.id))).toHaveLength(1);
    expect(panel.queryByRole('region', { name: 'New API key' })).toBeNull();
  });

  it('revokes a key after a confirmation, and shows it revoked', async () => {
    const user = setupUser();
    const [old] = keys;
    api.on('DELETE', apiPaths.apiKey(op.id, old.id), () => {
      keys = keys.map((k) => (k.id === old.id ? { ...k, revokedAt: '2026-03-28T10:00:00.000Z' } : k));
      return { status: 204 };
    });
    const { panel } = await openPanel();

    await user.click(panel.getByRole('button', { name: 'Revoke Old tool' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke API key' });
    expect(api.sent('DELETE', apiPaths.apiKey(op.id, old.id))).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(api.sent('DELETE', apiPaths.apiKey(op.id, old.id))).toHaveLength(1));
    expect(await panel.findByText('Revoked')).toBeTruthy();
    expect(panel.queryByRole('button', { name: 'Revoke Old tool' })).toBeNull();
  });

  it('offers no new keys once the operation is closed', async () => {
    op = { ...op, status: 'closed', closedAt: '2026-03-29T19:00:00.000Z' };
    api.on('GET', apiPaths.operation(op.id), { status: 200, body: op });
    const { panel } = await openPanel();
    expect(panel.queryByRole('form', { name: 'Create API key' })).toBeNull();
    expect(panel.getByText('The operation is closed: its keys no longer work.')).toBeTruthy();
  });
});
