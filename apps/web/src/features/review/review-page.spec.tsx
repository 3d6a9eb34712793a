/** @jest-environment jsdom */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  apiPaths,
  reviewFindingRequestSchema,
  type Finding,
  type Operation,
  type ReviewFindingRequest,
} from '@actionday/contracts';
import { endSession, startSession } from '../../shared/session';
import { errorBody, FakeApi } from '../../test/fake-api';
import {
  finding,
  indicators,
  loginResponse,
  member,
  operation,
  OTHER_USER_ID,
  page,
  team,
  USER_ID,
} from '../../test/fixtures';
import { renderApp } from '../../test/render-app';
import { ReviewPage } from './index';

/** The coordinator's review queue against a fake API: decided by key, conflicts shown and reloaded, never overwritten. */

jest.setTimeout(20_000);
const setupUser = () => userEvent.setup({ delay: null });

let api: FakeApi;
let op: Operation;
let findings: Finding[];
/** What the fake server holds, by id: the API's current version of each finding. */
let server: Map<string, Finding>;

function serve() {
  const nl = team(op.id, 'Team NL');
  api
    .on('GET', apiPaths.findings(op.id), () => ({ status: 200, body: page([...server.values()]) }))
    .on('GET', apiPaths.teams(op.id), { status: 200, body: { items: [nl] } })
    .on('GET', apiPaths.members(op.id), {
      status: 200,
      body: {
        items: [
          member(USER_ID, 'Olga Officer'),
          member(OTHER_USER_ID, 'Anna Coordinator', { role: 'coordinator' }),
        ],
      },
    })
    .on('GET', apiPaths.targets(op.id), { status: 200, body: page([]) })
    .on('GET', apiPaths.indicators(op.id), { status: 200, body: indicators() })
    .on('GET', /^\/api\/v1\/findings\/[^/]+$/, (req) => {
      const f = server.get(req.path.split('/').pop() ?? '');
      return f
        ? { status: 200, body: f }
        : { status: 404, body: errorBody(404, 'finding not found') };
    })
    // The real PATCH: 409 naming who changed it when the version is stale.
    .on('PATCH', /^\/api\/v1\/findings\/[^/]+$/, (req) => {
      const body = reviewFindingRequestSchema.parse(req.body);
      const f = server.get(req.path.split('/').pop() ?? '');
      if (!f) return { status: 404, body: errorBody(404, 'finding not found') };
      if (f.version !== body.version) {
        const who = f.reviewedBy === OTHER_USER_ID ? 'Anna Coordinator' : 'someone';
        return {
          status: 409,
          body: errorBody(
            409,
            `changed by ${who} meanwhile (now ${f.status}, version ${f.version}); reload it`,
            [{ path: 'version', message: `stale: current version is ${f.version}` }],
          ),
        };
      }
      const next: Finding = {
        ...f,
        status: body.status,
        duplicateOf: body.duplicateOf ?? null,
        reviewedBy: USER_ID,
        reviewedAt: '2026-03-28T12:00:00.000Z',
        version: f.version + 1,
        updatedAt: '2026-03-28T12:00:00.000Z',
      };
      server.set(f.id, next);
      return { status: 200, body: next };
    });
  return nl;
}

const patches = () =>
  api
    .sent('PATCH', /^\/api\/v1\/findings\//)
    .map((r) => ({ id: r.path.split('/').pop(), ...(r.body as ReviewFindingRequest) }));
const waitingList = () => screen.getByRole('list', { name: 'Waiting for review, oldest first' });
const row = (name: string | RegExp) => within(waitingList()).getByRole('listitem', { name });
const selectedRow = () => waitingList().querySelector<HTMLElement>('li[aria-current="true"]');
const statusText = () => screen.getByRole('status').textContent;

beforeEach(() => {
  api = new FakeApi().install();
  op = operation();
  const teamId = serve().id;
  findings = [
    finding(op.id, {
      teamId,
      details: { alias: 'Mira', nationality: 'UA' },
      createdAt: '2026-03-28T09:00:00.000Z',
    }),
    finding(op.id, {
      teamId,
      details: { alias: 'Lena', nationality: 'MD' },
      createdAt: '2026-03-28T09:05:00.000Z',
    }),
    finding(op.id, {
      teamId,
      details: { alias: 'Ana', nationality: 'RO' },
      createdAt: '2026-03-28T09:10:00.000Z',
    }),
  ];
  server = new Map(findings.map((f) => [f.id, f]));
  startSession(loginResponse());
});

afterEach(() => endSession('logout'));

async function openQueue() {
  const utils = renderApp(<ReviewPage operation={op} />);
  await screen.findByRole('heading', { name: 'Review queue' });
  // Team names label the rows once the teams arrived.
  await screen.findByRole('listitem', { name: 'Possible victim — Team NL: Mira · UA' });
  return utils;
}

describe('ReviewPage by keyboard', () => {
  it('lists the waiting findings oldest first; j/k and ↓/↑ move the selection, c confirms and moves on, r rejects', async () => {
    const user = setupUser();
    await openQueue();
    const names = within(waitingList())
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(names).toEqual([
      'Possible victim — Team NL: Mira · UA',
      'Possible victim — Team NL: Lena · MD',
      'Possible victim — Team NL: Ana · RO',
    ]);
    expect(screen.getByText('3 waiting')).toBeTruthy();
    expect(selectedRow()).toBe(row(/Mira/));

    await user.keyboard('j');
    expect(selectedRow()).toBe(row(/Lena/));
    expect(document.activeElement).toBe(row(/Lena/));
    await user.keyboard('k');
    expect(selectedRow()).toBe(row(/Mira/));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(selectedRow()).toBe(row(/Lena/));

    await user.keyboard('c');
    await waitFor(() =>
      expect(statusText()).toBe('Confirmed: Possible victim — Team NL: Lena · MD'),
    );
    expect(patches()).toEqual([{ id: findings[1].id, status: 'confirmed', version: 1 }]);
    // Decided: out of the waiting list, and the selection went on to the next one.
    await waitFor(() =>
      expect(within(waitingList()).queryByRole('listitem', { name: /Lena/ })).toBeNull(),
    );
    expect(selectedRow()).toBe(row(/Ana/));
    expect(screen.getByText('2 waiting')).toBeTruthy();

    await user.keyboard('r');
    await waitFor(() => expect(statusText()).toBe('Rejected: Possible victim — Team NL: Ana · RO'));
    expect(patches()[1]).toEqual({ id: findings[2].id, status: 'rejected', version: 1 });
    expect(screen.getByText('1 waiting')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Show reviewed (2)' })).toBeTruthy();
  });

  it('letters do nothing while typing in a field, and d opens the duplicate search that Escape closes', async () => {
    const user = setupUser();
    await openQueue();
    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.keyboard('c');
    expect(patches()).toHaveLength(0);

    // Back on the page: d opens the picker on the selected row, its search has the focus.
    act(() => (document.activeElement as HTMLElement).blur());
    await user.keyboard('d');
    const picker = await screen.findByRole('form', {
      name: 'Mark as duplicate of another finding',
    });
    const search = within(picker).getByRole('searchbox', { name: 'Duplicate of which finding?' });
    expect(document.activeElement).toBe(search);
    // Typing in it is not a shortcut.
    await user.keyboard('c');
    expect(patches()).toHaveLength(0);
    await user.clear(search);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Mark as duplicate of another finding' })).toBeNull();
    expect(document.activeElement).toBe(row(/Mira/));

    // Enter takes the first candidate.
    await user.keyboard('d');
    await screen.findByRole('form', { name: 'Mark as duplicate of another finding' });
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(statusText()).toMatch(/^Marked as duplicate: Possible victim — Team NL: Mira · UA$/),
    );
    expect(patches()).toEqual([
      { id: findings[0].id, status: 'duplicate', duplicateOf: expect.any(String), version: 1 },
    ]);
    expect([findings[1].id, findings[2].id]).toContain(patches()[0].duplicateOf);
  });
});

describe('ReviewPage conflicts', () => {
  it('a 409 shows who changed the finding, keeps the row and its state, blocks the decision, and Reload fetches the current one', async () => {
    const user = setupUser();
    await openQueue();
    // Anna rejected Mira's finding in another tab; this page has not heard of it yet.
    server.set(findings[0].id, {
      ...findings[0],
      status: 'rejected',
      reviewedBy: OTHER_USER_ID,
      reviewedAt: '2026-03-28T11:59:00.000Z',
      version: 2,
    });

    await user.keyboard('c');
    const mira = row(/Mira/);
    const alert = await within(mira).findByRole('alert');
    expect(alert.textContent).toContain(
      'changed by Anna Coordinator meanwhile (now rejected, version 2); reload it',
    );
    expect(statusText()).toBe(
      'Not saved: Possible victim — Team NL: Mira · UA — changed by Anna Coordinator meanwhile (now rejected, version 2); reload it',
    );
    // Not overwritten: one PATCH with the version the coordinator saw, the row still shows what was read.
    expect(patches()).toEqual([{ id: findings[0].id, status: 'confirmed', version: 1 }]);
    expect(within(mira).getByText('Submitted')).toBeTruthy();
    for (const name of ['Confirm', 'Reject', 'Mark duplicate of…']) {
      expect(
        within(mira).getByRole<HTMLButtonElement>('button', { name: new RegExp(`^${name}`) })
          .disabled,
      ).toBe(true);
    }

    // Keys on the conflicting row do not send it again.
    await user.keyboard('k');
    expect(selectedRow()).toBe(mira);
    await user.keyboard('c');
    expect(statusText()).toBe(
      'Possible victim — Team NL: Mira · UA changed meanwhile — reload it first',
    );
    expect(patches()).toHaveLength(1);

    await user.click(within(mira).getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(statusText()).toBe(
        'Reloaded: Possible victim — Team NL: Mira · UA is now rejected (version 2)',
      ),
    );
    expect(api.sent('GET', apiPaths.finding(findings[0].id))).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    // The list was not refetched: only the one finding.
    expect(api.sent('GET', apiPaths.findings(op.id))).toHaveLength(1);
    expect(within(waitingList()).queryByRole('listitem', { name: /Mira/ })).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'Show reviewed (1)' }));
    const reviewed = within(
      screen.getByRole('list', { name: 'Reviewed, most recent first' }),
    ).getByRole('listitem', { name: /Mira/ });
    expect(within(reviewed).getByText(/^Rejected by Anna Coordinator/)).toBeTruthy();
    expect(within(reviewed).queryByRole('alert')).toBeNull();
  });
});
