import { randomUUID } from 'node:crypto';
import { apiPaths, type Operation, type Target, type Team } from '@actionday/contracts';
import type { TestApp } from './test-app';

export interface Actor {
  id: string;
  email: string;
  token: string;
}

export interface Scenario {
  operation: Operation;
  organizer: Actor;
  coordinator: Actor;
  officerNl: Actor;
  officerUa: Actor;
  observer: Actor;
  teams: { nl: Team; ua: Team };
}

let counter = 0;
const email = (who: string) => `${who}.${++counter}.${randomUUID().slice(0, 8)}@test.example`;

export async function expectStatus<T>(p: Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An operation with two country teams and one member of every role. */
export async function scenario(t: TestApp, options: { live?: boolean } = { live: true }): Promise<Scenario> {
  const organizer = await t.user(email('organizer'), { canOrganize: true });
  const operation = await expectStatus(
    t.post<Operation>(
      apiPaths.operations,
      {
        name: 'JAD test',
        kind: 'joint_action_day',
        startsAt: '2026-11-23T06:00:00Z',
        endsAt: '2026-11-23T20:00:00Z',
        timezone: 'Europe/Amsterdam',
        countries: ['NL', 'UA'],
      },
      organizer.token,
    ),
    201,
  );
  const nl = await expectStatus(t.post<Team>(apiPaths.teams(operation.id), { name: 'Netherlands', country: 'NL', language: 'nl' }, organizer.token), 201);
  const ua = await expectStatus(t.post<Team>(apiPaths.teams(operation.id), { name: 'Ukraine', country: 'UA', language: 'uk' }, organizer.token), 201);
  const add = async (who: string, role: string, teamId?: string) => {
    const actor = await t.user(email(who));
    await expectStatus(t.post(apiPaths.members(operation.id), { email: actor.email, role, teamId }, organizer.token), 201);
    return actor;
  };
  const coordinator = await add('coordinator', 'coordinator');
  const officerNl = await add('officer-nl', 'officer', nl.id);
  const officerUa = await add('officer-ua', 'officer', ua.id);
  const observer = await add('observer', 'observer');
  if (options.live !== false) {
    await expectStatus(t.post(apiPaths.transitions(operation.id), { to: 'live' }, organizer.token), 200);
  }
  return { operation, organizer, coordinator, officerNl, officerUa, observer, teams: { nl, ua } };
}

export async function createTarget(t: TestApp, s: Scenario, body: Record<string, unknown>): Promise<Target> {
  return expectStatus(t.post<Target>(apiPaths.targets(s.operation.id), body, s.coordinator.token), 201);
}

export async function assign(t: TestApp, s: Scenario, teamId: string | null, targetIds: string[]): Promise<Target[]> {
  const body = await expectStatus(t.post<{ updated: Target[] }>(apiPaths.assignments(s.operation.id), { teamId, targetIds }, s.coordinator.token), 200);
  return body.updated;
}
