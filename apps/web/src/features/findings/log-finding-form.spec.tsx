/** @jest-environment jsdom */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import {
  apiPaths,
  createFindingRequestSchema,
  type CreateFindingRequest,
  type Target,
} from '@actionday/contracts';
import { endSession, startSession } from '../../shared/session';
import { errorBody, FakeApi } from '../../test/fake-api';
import { findingFromRequest, indicators, loginResponse, target, uuid } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';
import { LogFindingForm } from './index';

/**
 * The officer's form against a fake API (fetch level): what is typed, what is sent, what the
 * officer reads back. Imported through the feature's barrel only.
 */

// Rendering the whole form and walking it by keyboard takes a few seconds on a busy machine.
jest.setTimeout(20_000);
/** No pause between keys: the form needs none, and the specs run on shared machines. */
const setupUser = () => userEvent.setup({ delay: null });

let api: FakeApi;
let opId: string;

/** POST …/findings, idempotent by clientId like the real one: 201, 200 for the same body again, 409 for another body. */
function findingsServer(operationId: string) {
  const stored = new Map<string, { body: CreateFindingRequest; id: string }>();
  api.on('POST', apiPaths.findings(operationId), (req) => {
    const body = createFindingRequestSchema.parse(req.body);
    const prior = stored.get(body.clientId);
    if (prior && JSON.stringify(prior.body) !== JSON.stringify(body)) {
      return { status: 409, body: errorBody(409, 'clientId already used for a different finding') };
    }
    const f = findingFromRequest(operationId, body, prior ? { id: prior.id } : {});
    stored.set(body.clientId, { body, id: f.id });
    return { status: prior ? 200 : 201, body: f };
  });
  return stored;
}

const posted = (): CreateFindingRequest[] =>
  api.sent('POST', apiPaths.findings(opId)).map((r) => r.body as CreateFindingRequest);
const active = () => document.activeElement;
const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label);

/** Tabs forward until `el` has the focus: proves it is reachable by keyboard. */
async function tabTo(user: UserEvent, el: Element, max = 80): Promise<void> {
  for (let i = 0; i < max && active() !== el; i++) await user.tab();
  expect(active()).toBe(el);
}

function pendingList() {
  return screen.queryByRole('list', { name: 'Pending findings' });
}

let online = true;
function setBrowserOnline(value: boolean) {
  online = value;
  act(() => {
    window.dispatchEvent(new Event(value ? 'online' : 'offline'));
  });
}

beforeEach(() => {
  sessionStorage.clear();
  // Every operation has one outbox at module level: a fresh operation keeps the tests apart.
  opId = uuid();
  api = new FakeApi().install();
  api.on('GET', apiPaths.indicators(opId), { status: 200, body: indicators() });
  online = true;
  jest.spyOn(window.navigator, 'onLine', 'get').mockImplementation(() => online);
  startSession(loginResponse());
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  endSession('logout');
});

describe('LogFindingForm by keyboard', () => {
  it('is typed and sent without a mouse: the type has the focus, Tab walks the fields, Ctrl+Enter submits, focus returns to the top', async () => {
    const user = setupUser();
    const stored = findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);

    expect(active()).toBe(field('Finding type'));
    await user.tab();
    expect(active()).toBe(field('Alias'));
    await user.keyboard('Mira');
    await user.tab();
    await user.keyboard('ua');
    expect(field('Nationality').value).toBe('UA');
    await tabTo(user, field('Notes'));
    await user.keyboard('Seen on two ad sites{Control>}{Enter}{/Control}');

    expect(await screen.findByText(/Possible victim submitted at/)).toBeTruthy();
    expect(posted()).toEqual([
      expect.objectContaining({
        type: 'possible_victim',
        alias: 'Mira',
        nationality: 'UA',
        notes: 'Seen on two ad sites',
      }),
    ]);
    expect(stored.size).toBe(1);
    // A fresh draft for the next finding, the focus on its first field.
    expect(field('Alias').value).toBe('');
    expect(field('Notes').value).toBe('');
    await waitFor(() => expect(active()).toBe(field('Finding type')));
  });

  it('Alt+1 … Alt+9 toggle the numbered indicators from any field, of the filtered list when filtered, and say so', async () => {
    const user = setupUser();
    findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);
    const first = await screen.findByRole('checkbox', { name: 'Person "rented" for 7/14/21 days' });
    expect(first.getAttribute('aria-keyshortcuts')).toBe('Alt+1');

    await user.click(field('Alias'));
    await user.keyboard('{Alt>}1{/Alt}{Alt>}3{/Alt}');
    expect((first as HTMLInputElement).checked).toBe(true);
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Visibly very young' }).checked,
    ).toBe(true);
    expect(screen.getByText('Added indicator Visibly very young')).toBeTruthy();
    await user.keyboard('{Alt>}1{/Alt}');
    expect((first as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('Removed indicator Person "rented" for 7/14/21 days')).toBeTruthy();

    // Filtered: Alt+1 is the first row shown.
    await user.click(field('Filter indicators'));
    await user.keyboard('documents{Alt>}1{/Alt}');
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Documents held by someone else' })
        .checked,
    ).toBe(true);

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(/submitted at/);
    expect(posted()[0].indicators).toEqual(['visibly_very_young', 'no_own_documents']);
  });

  it('the indicator filter: type, ↓ and Enter toggle the highlighted one and clear the filter; Enter never submits there', async () => {
    const user = setupUser();
    findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);
    await screen.findByRole('checkbox', { name: 'Virginity auction' });

    await user.click(field('Filter indicators'));
    await user.keyboard('debt{Enter}');
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Debt, deposit or fees to be repaid' })
        .checked,
    ).toBe(true);
    expect(field('Filter indicators').value).toBe('');
    // Cleared filter: the highlight is on the first row again; ↓ moves it to the second.
    await user.keyboard('{ArrowDown}{Enter}');
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Virginity auction' }).checked,
    ).toBe(true);
    expect(
      within(screen.getByRole('list', { name: 'Selected indicators' })).getAllByRole('listitem'),
    ).toHaveLength(2);
    expect(posted()).toHaveLength(0);
  });

  it('Enter in an identifier adds it (no submit); what is typed but not added is sent too', async () => {
    const user = setupUser();
    findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);

    await user.click(field('Identifier value'));
    await user.keyboard('+31 6 1234 5678{Enter}');
    expect(screen.getByRole('button', { name: 'Remove identifier +31 6 1234 5678' })).toBeTruthy();
    expect(field('Identifier value').value).toBe('');
    expect(posted()).toHaveLength(0);

    await user.keyboard('+31 6 8765 4321{Control>}{Enter}{/Control}');
    await screen.findByText(/submitted at/);
    expect(posted()[0].identifiers).toEqual([
      { kind: 'phone', value: '+31 6 1234 5678' },
      { kind: 'phone', value: '+31 6 8765 4321' },
    ]);
  });

  it('Escape clears nothing; an invalid finding is not sent, the error is shown and the focus goes to the field', async () => {
    const user = setupUser();
    findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);

    await user.click(field('Minimum age'));
    await user.keyboard('19{Escape}');
    expect(field('Minimum age').value).toBe('19');
    await user.tab();
    await user.keyboard('16{Control>}{Enter}{/Control}');

    expect(await screen.findByText('must not be below ageMin')).toBeTruthy();
    expect(field('Maximum age').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(active()).toBe(field('Maximum age')));
    expect(posted()).toHaveLength(0);
  });

  it('Alt+N goes on to the next target with the draft kept; back on that target it is restored', async () => {
    const user = setupUser();
    const targets: Target[] = [
      target(opId, { kind: 'phone', value: '+31 6 1111 2222' }),
      target(opId, { kind: 'phone', value: '+31 6 3333 4444' }),
    ];
    function Queue() {
      const [i, setI] = useState(0);
      return (
        <LogFindingForm
          operationId={opId}
          target={targets[i]}
          onNextTarget={() => setI((n) => (n + 1) % targets.length)}
        />
      );
    }
    renderApp(<Queue />);
    expect(screen.getByText('+31 6 1111 2222')).toBeTruthy();
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'P' &&
          /Ctrl\+Enter submit .*Alt\+N next target/.test(el.textContent ?? ''),
      ),
    ).toBeTruthy();

    await user.click(field('Alias'));
    await user.keyboard('Mira{Alt>}n{/Alt}');
    expect(await screen.findByText('+31 6 3333 4444')).toBeTruthy();
    expect(field('Alias').value).toBe('');

    await user.keyboard('{Alt>}n{/Alt}');
    expect(await screen.findByText('+31 6 1111 2222')).toBeTruthy();
    expect(field('Alias').value).toBe('Mira');
    expect(screen.getByText('Unsent draft restored.')).toBeTruthy();
  });
});

describe('LogFindingForm offline: the outbox', () => {
  it('a finding submitted while the browser is offline waits in Pending findings and is sent once, with its clientId, when back online', async () => {
    const user = setupUser();
    const stored = findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);
    setBrowserOnline(false);

    await user.click(field('Alias'));
    await user.keyboard('Mira{Control>}{Enter}{/Control}');

    expect(
      await screen.findByText(
        /Possible victim kept in Pending findings at .*: it is sent as soon as the connection returns/,
      ),
    ).toBeTruthy();
    const list = pendingList();
    expect(list).not.toBeNull();
    const row = within(list as HTMLElement).getByRole('listitem');
    expect(within(row).getByText('Waiting')).toBeTruthy();
    expect(within(row).getByText('Mira')).toBeTruthy();
    expect(screen.getByText(/You are offline\. These findings are kept in this tab/)).toBeTruthy();
    expect(field('Alias').value).toBe('');
    expect(posted()).toHaveLength(0);
    const stash = sessionStorage.getItem(`actionday:finding-outbox:${opId}`);
    expect(stash).toContain('Mira');

    setBrowserOnline(true);
    expect(await screen.findByText(/Sent 1 pending finding at/)).toBeTruthy();
    expect(pendingList()).toBeNull();
    expect(posted()).toHaveLength(1);
    expect(stored.has(posted()[0].clientId)).toBe(true);
    expect(JSON.parse(stash ?? '[]')[0].clientId).toBe(posted()[0].clientId);
    expect(sessionStorage.getItem(`actionday:finding-outbox:${opId}`)).toBeNull();
  });

  it('when the API cannot be reached, the finding is queued, retried with backoff under the same clientId, and stored once when the server is back', async () => {
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    const stored = findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);
    await act(() => jest.advanceTimersByTimeAsync(0));
    api.unreachable = true;

    await user.click(field('Alias'));
    await user.keyboard('Mira{Control>}{Enter}{/Control}');

    expect(await screen.findByText(/kept in Pending findings/)).toBeTruthy();
    const row = () => within(pendingList() as HTMLElement).getByRole('listitem');
    await waitFor(() => expect(within(row()).getByText(/1 attempt$/)).toBeTruthy());
    expect(
      within(row()).getByText('Cannot reach the server — check the connection and try again'),
    ).toBeTruthy();
    expect(
      screen.getByText('The server could not be reached; retrying automatically.'),
    ).toBeTruthy();
    const tries = posted().length; // the form's own POST and the outbox's first attempt
    expect(tries).toBe(2);

    // Still down after the 2 s backoff: one more attempt, then 4 s.
    await act(() => jest.advanceTimersByTimeAsync(2000));
    expect(posted()).toHaveLength(3);
    await waitFor(() => expect(within(row()).getByText(/2 attempts$/)).toBeTruthy());

    api.unreachable = false;
    await act(() => jest.advanceTimersByTimeAsync(3999));
    expect(posted()).toHaveLength(3);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(await screen.findByText(/Sent 1 pending finding at/)).toBeTruthy();
    expect(pendingList()).toBeNull();

    const bodies = posted();
    expect(bodies).toHaveLength(4);
    expect(new Set(bodies.map((b) => b.clientId)).size).toBe(1);
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))).toBe(true);
    expect(stored.size).toBe(1);

    // Nothing more goes out later.
    await act(() => jest.advanceTimersByTimeAsync(120_000));
    expect(posted()).toHaveLength(4);
  });

  it('a 409 for a pending entry fails it visibly; "Edit in form" brings it back under a new clientId, and it is sent', async () => {
    const user = setupUser();
    const stored = findingsServer(opId);
    renderApp(<LogFindingForm operationId={opId} />);
    setBrowserOnline(false);
    await user.click(field('Alias'));
    await user.keyboard('Mira{Control>}{Enter}{/Control}');
    await screen.findByText(/kept in Pending findings/);

    // Meanwhile the server holds another finding under this clientId.
    const queued = JSON.parse(sessionStorage.getItem(`actionday:finding-outbox:${opId}`) ?? '[]')[0]
      .body as CreateFindingRequest;
    stored.set(queued.clientId, {
      body: { ...queued, alias: 'Someone else' } as CreateFindingRequest,
      id: uuid(),
    });
    setBrowserOnline(true);

    const row = within(pendingList() as HTMLElement).getByRole('listitem');
    expect(await within(row).findByText('Failed')).toBeTruthy();
    expect(
      within(row).getByText(
        'The server already holds a different finding with this clientId; edit it to submit it as a new one.',
      ),
    ).toBeTruthy();
    expect(screen.getByText(/1 refused by the server: edit and submit again/)).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Edit in form' }));
    expect(field('Alias').value).toBe('Mira');
    expect(pendingList()).toBeNull();
    await user.click(field('Alias'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(/Possible victim submitted at/);

    const [first, second] = posted();
    expect(second.clientId).not.toBe(first.clientId);
    expect(second).toMatchObject({ type: 'possible_victim', alias: 'Mira' });
    expect(stored.get(second.clientId)?.body).toMatchObject({ alias: 'Mira' });
  });

  it('a 409 on submit is shown, the form keeps what was typed, and the next submit is a new finding (new clientId)', async () => {
    const user = setupUser();
    const stored = findingsServer(opId);
    let conflicts = 1;
    api.on('POST', apiPaths.findings(opId), (req) => {
      const body = createFindingRequestSchema.parse(req.body);
      if (conflicts-- > 0)
        return {
          status: 409,
          body: errorBody(409, 'clientId already used for a different finding'),
        };
      stored.set(body.clientId, { body, id: uuid() });
      return { status: 201, body: findingFromRequest(opId, body) };
    });
    renderApp(<LogFindingForm operationId={opId} />);

    await user.click(field('Alias'));
    await user.keyboard('Mira{Control>}{Enter}{/Control}');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This draft was already submitted once, with different content. Check the findings list; submit again to log it as a new finding.',
    );
    expect(field('Alias').value).toBe('Mira');
    expect(pendingList()).toBeNull();

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(/Possible victim submitted at/);
    const [first, second] = posted();
    expect(second.clientId).not.toBe(first.clientId);
    expect({ ...second, clientId: first.clientId }).toEqual(first);
    expect([...stored.keys()]).toEqual([second.clientId]);
  });
});
