/**
 * The assignment rule of an action day: a target goes to a team of its country and language;
 * failing that, of its country; failing that, of its language. Among the candidate teams, each
 * target goes to the one with the least open work (assigned + in progress) at that moment, so the
 * load evens out. Pure: the service feeds it rows and applies its answer.
 */
export interface RuleTarget {
  id: string;
  country: string | null;
  language: string | null;
}

export interface RuleTeam {
  id: string;
  name: string;
  country: string | null;
  language: string | null;
}

export type AssignmentRule = 'country_language' | 'country' | 'language';

export interface Proposal {
  targetId: string;
  teamId: string;
  rule: AssignmentRule;
}

export function proposeAssignments(
  targets: readonly RuleTarget[],
  teams: readonly RuleTeam[],
  openLoad: ReadonlyMap<string, number>,
): { proposals: Proposal[]; unmatched: string[]; loadAfter: Map<string, number> } {
  const load = new Map(teams.map((t) => [t.id, openLoad.get(t.id) ?? 0]));
  const byName = (a: RuleTeam, b: RuleTeam) => a.name.localeCompare(b.name);
  const sorted = [...teams].sort(byName);
  const proposals: Proposal[] = [];
  const unmatched: string[] = [];
  for (const target of targets) {
    const country = target.country?.toUpperCase() ?? null;
    const language = target.language?.toLowerCase() ?? null;
    const sameCountry = (t: RuleTeam) => country !== null && t.country?.toUpperCase() === country;
    const sameLanguage = (t: RuleTeam) => language !== null && t.language?.toLowerCase() === language;
    const tiers: [AssignmentRule, RuleTeam[]][] = [
      ['country_language', sorted.filter((t) => sameCountry(t) && sameLanguage(t))],
      ['country', sorted.filter(sameCountry)],
      ['language', sorted.filter(sameLanguage)],
    ];
    const tier = tiers.find(([, candidates]) => candidates.length > 0);
    if (!tier) {
      unmatched.push(target.id);
      continue;
    }
    const [rule, candidates] = tier;
    // Least loaded first; ties go to the first team by name, so the outcome is reproducible.
    let best = candidates[0];
    for (const c of candidates) if ((load.get(c.id) ?? 0) < (load.get(best.id) ?? 0)) best = c;
    load.set(best.id, (load.get(best.id) ?? 0) + 1);
    proposals.push({ targetId: target.id, teamId: best.id, rule });
  }
  return { proposals, unmatched, loadAfter: load };
}
