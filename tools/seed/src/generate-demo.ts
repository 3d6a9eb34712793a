import type { CreateOperationRequest } from '@actionday/contracts';
import { demoAccounts } from './accounts';
import type { DemoOptions, DemoPlan, DemoTeam } from './demo-plan';
import { demoFindings } from './findings';
import { createRandom } from './random';
import { demoTargets } from './targets';
import { TEAM_CATALOGUE } from './teams';
import { UniqueValues } from './unique-values';

export const DEMO_DEFAULTS = {
  seed: 2023,
  teamCount: 20,
  targetCount: 300,
  officersPerTeam: 2,
} as const;

function checkCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** 06:00Z on the given day (or today), so that a fresh demo is "live" during office hours. */
function dayStart(date: Date | string | undefined): Date {
  const day = date === undefined ? new Date() : new Date(date);
  if (Number.isNaN(day.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 6));
}

/**
 * A complete, fictitious joint action day: teams, accounts, targets in every state and some
 * findings. The same options give the same plan (dates aside, unless `date` is given).
 */
export function generateDemo(options: DemoOptions = {}): DemoPlan {
  const { seed, teamCount, targetCount, officersPerTeam } = { ...DEMO_DEFAULTS, ...options };
  checkCount('teamCount', teamCount, 1, TEAM_CATALOGUE.length);
  checkCount('targetCount', targetCount, 0, 5_000);
  checkCount('officersPerTeam', officersPerTeam, 0, 20);

  const random = createRandom(seed);
  const catalogue = TEAM_CATALOGUE.slice(0, teamCount);
  const teams: DemoTeam[] = catalogue.map(({ name, country, language }) => ({
    name,
    country,
    language,
  }));
  const startsAt = dayStart(options.date);
  const operation: CreateOperationRequest = {
    name: 'EMPACT JAD demo — online THB',
    kind: 'joint_action_day',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 14 * 3_600_000).toISOString(),
    timezone: 'Europe/Amsterdam',
    countries: teams.map((t) => t.country),
    description:
      'Demo joint action day against online trafficking in human beings. Every site, handle, ' +
      'phone number, address and person in it is invented: sites use the reserved .example ' +
      'domain and phone numbers come from ranges set aside for fiction.',
  };
  const accounts = demoAccounts(teams, officersPerTeam);
  const used = new UniqueValues();
  const targets = demoTargets(random, catalogue, targetCount, used);
  const findings = demoFindings({ random, accounts, targets, used, startsAt });
  return { operation, teams, accounts, targets, findings };
}
