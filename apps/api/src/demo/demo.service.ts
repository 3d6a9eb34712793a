import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateFindingRequest } from '@actionday/contracts';
import { generateDemo, type DemoPlan } from '@actionday/seed';
import { AccessService } from '../auth/access.service';
import { UsersService } from '../auth/users.service';
import type { AuthUser } from '../auth/auth.decorators';
import { hashPassword } from '../auth/passwords';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { FindingCreationService } from '../findings/finding-creation.service';
import { JournalService } from '../journal/journal.service';
import { OperationsService } from '../operations/operations.service';
import { TargetAssignmentService } from '../targets/target-assignment.service';
import { TargetBulkWrites } from '../targets/target-bulk-write';
import { normalizeTarget } from '../targets/target-normalization';
import { TargetsService } from '../targets/targets.service';

export interface DemoResult {
  operationId: string;
  operationName: string;
  password: string;
  logins: { role: string; email: string }[];
}

const WORDS = ['amber', 'harbor', 'lantern', 'meadow', 'orbit', 'pepper', 'quartz', 'river', 'summit', 'tundra', 'violet', 'willow'];

/**
 * Seeds the synthetic action day of tools/seed through the same services as real use, so the
 * demo's counters, events and rules are exactly what a real operation would have.
 */
@Injectable()
export class DemoService {
  constructor(
    private readonly users: UsersService,
    private readonly operations: OperationsService,
    private readonly targets: TargetsService,
    private readonly bulk: TargetBulkWrites,
    private readonly assignments: TargetAssignmentService,
    private readonly findings: FindingCreationService,
    private readonly journal: JournalService,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedIfEmpty(): Promise<DemoResult | null> {
    // Well-known demo accounts belong on the throwaway embedded database, never on a real one
    // given by DATABASE_URL unless DEMO=on says so explicitly.
    if (this.config.demo === 'off' || (this.config.demo === 'auto' && this.config.databaseUrl !== null)) return null;
    if (!(await this.operations.none())) return null;
    return this.seed(generateDemo(), this.config.demoPassword ?? memorablePassword());
  }

  async seed(plan: DemoPlan, password: string): Promise<DemoResult> {
    const users = await this.createAccounts(plan, password);
    // The seed acts as each demo account through the services, outside any signed-in session.
    const as = (key: string): AuthUser => ({ id: users.get(key)!, isAdmin: false, sessionId: 'demo-seed', expiresAt: Number.MAX_SAFE_INTEGER });
    const organizer = plan.accounts.find((a) => a.role === 'organizer')!;

    const operation = await this.operations.create(as(organizer.key), plan.operation);
    const opId = operation.id;
    const orgAccess = { operationId: opId, role: 'organizer' as const, teamId: null };
    const teamIds: string[] = [];
    for (const t of plan.teams) {
      teamIds.push((await this.operations.createTeam(as(organizer.key), orgAccess, { name: t.name, country: t.country, language: t.language })).id);
    }
    for (const a of plan.accounts) {
      if (a.key === organizer.key) continue;
      await this.operations.addMember(as(organizer.key), orgAccess, {
        email: a.email,
        role: a.role,
        teamId: a.teamIndex === null ? null : teamIds[a.teamIndex],
      });
    }

    const rows = plan.targets.map((t) => normalizeTarget(t, plan.operation.countries));
    await this.journal.write(opId, users.get(organizer.key)!, 'prepare', (tx) => this.bulk.insertMany(tx, rows));
    const idOf = await this.targets.idsByNormalized(opId);
    const targetIds = rows.map((r) => idOf.get(r.normalized)!);

    const byTeam = new Map<number, string[]>();
    plan.targets.forEach((t, i) => {
      if (t.teamIndex !== null) byTeam.set(t.teamIndex, [...(byTeam.get(t.teamIndex) ?? []), targetIds[i]]);
    });
    for (const [teamIndex, ids] of byTeam) {
      await this.assignments.assign(as(organizer.key), orgAccess, { teamId: teamIds[teamIndex], targetIds: ids });
    }
    await this.operations.transition(as(organizer.key), orgAccess, { to: 'live' });

    const officerOf = (teamIndex: number) => plan.accounts.find((a) => a.role === 'officer' && a.teamIndex === teamIndex)!;
    for (const [i, t] of plan.targets.entries()) {
      if (t.teamIndex === null || (t.status !== 'in_progress' && t.status !== 'done')) continue;
      const officer = as(officerOf(t.teamIndex).key);
      const taken = await this.targets.update(officer, targetIds[i], { status: 'in_progress', version: 2 });
      if (t.status === 'done') {
        await this.targets.update(officer, targetIds[i], { status: 'done', outcome: t.outcome ?? 'no_indicators', version: taken.version });
      }
    }
    for (const f of plan.findings) {
      const account = plan.accounts.find((a) => a.key === f.accountKey)!;
      const author = as(account.key);
      const access = await this.access.require(author.id, opId, 'officer');
      const body = { ...f.body, clientId: randomUUID(), targetId: targetIds[f.targetIndex] } as CreateFindingRequest;
      await this.findings.create(author, access, body);
    }

    return {
      operationId: opId,
      operationName: operation.name,
      password,
      logins: plan.accounts
        .filter((a) => a.role !== 'officer' || a.key.endsWith('.1'))
        .slice(0, 8)
        .map((a) => ({ role: a.role, email: a.email })),
    };
  }

  /** One argon2id hash for all demo accounts: they share the printed password. */
  private async createAccounts(plan: DemoPlan, password: string): Promise<Map<string, string>> {
    const hash = await hashPassword(password);
    const byEmail = await this.users.createMany(
      hash,
      plan.accounts.map((a) => ({ email: a.email, displayName: a.displayName, organization: a.organization, country: a.country, canOrganize: a.role === 'organizer' })),
    );
    return new Map(plan.accounts.map((a) => [a.key, byEmail.get(a.email.toLowerCase())!]));
  }
}

function memorablePassword(): string {
  const pick = () => WORDS[randomInt(WORDS.length)];
  return `${pick()}-${pick()}-${pick()}-${randomInt(100, 1000)}`;
}
