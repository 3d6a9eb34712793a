import type { DemoAccount, DemoTeam } from './demo-plan';

export const DEMO_EMAIL_DOMAIN = 'demo.example';

export function demoAccounts(teams: readonly DemoTeam[], officersPerTeam: number): DemoAccount[] {
  const staff: DemoAccount[] = [
    {
      key: 'organizer',
      email: `organizer@${DEMO_EMAIL_DOMAIN}`,
      displayName: 'Demo Organizer',
      role: 'organizer',
      teamIndex: null,
      country: 'NL',
      organization: 'EMPACT THB action leader (demo)',
    },
    {
      key: 'coordinator',
      email: `coordinator@${DEMO_EMAIL_DOMAIN}`,
      displayName: 'Demo Coordinator',
      role: 'coordinator',
      teamIndex: null,
      country: 'NL',
      organization: 'Operational coordination centre (demo)',
    },
    {
      key: 'observer',
      email: `observer@${DEMO_EMAIL_DOMAIN}`,
      displayName: 'Demo Observer',
      role: 'observer',
      teamIndex: null,
      country: null,
      organization: 'Partner NGO (demo)',
    },
  ];
  const officers = teams.flatMap((team, teamIndex) =>
    Array.from({ length: officersPerTeam }, (_, i): DemoAccount => {
      const cc = team.country.toLowerCase();
      return {
        key: `officer.${cc}.${i + 1}`,
        email: `officer.${cc}.${i + 1}@${DEMO_EMAIL_DOMAIN}`,
        displayName: `Officer ${team.country} ${i + 1}`,
        role: 'officer',
        teamIndex,
        country: team.country,
        organization: `${team.name} national police (demo)`,
      };
    }),
  );
  return [...staff, ...officers];
}
