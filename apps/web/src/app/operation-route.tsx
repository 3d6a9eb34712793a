import { useMemo, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useOutletContext, useParams } from 'react-router';
import type { Operation, Target } from '@actionday/contracts';
import { useSession } from '../entities/auth';
import { defaultTab, operationPermissions, useMembers, useOperation, useTeams, type OperationPermissions } from '../entities/operations';
import { ExportsPanel } from '../features/exports';
import { FindingsPage, IndicatorCatalogue, LogFindingForm, useFindingOutbox } from '../features/findings';
import { LiveFeed, LiveStatus, PresenceList, useOperationLive, type LiveSnapshot } from '../features/live';
import { MatchesPage, MatchesSummary } from '../features/matches';
import { OperationShell, TeamsMembersPage, TlpSetting } from '../features/operations';
import { PublishPage } from '../features/publications';
import { ReviewPage } from '../features/review';
import { TalliesPage, TallyPanel } from '../features/tallies';
import { BoardPage, MyQueuePage, SnowballAction } from '../features/targets';
import { ErrorMessage, Spinner } from '../shared/ui';
import { operationLive } from './live-handlers';

function useOperationId(): string {
  return useParams().operationId ?? '';
}

/** The operation page: one live subscription for as long as any of its tabs is open. */
export function OperationRoute() {
  const operationId = useOperationId();
  const session = useSession();
  const live = useOperationLive(operationId, session.user?.id ?? null, operationLive);
  // Started here, not only with the log form: findings left unsent by a reload go out at once.
  useFindingOutbox(operationId);
  const operation = useOperation(operationId);
  const teams = useTeams(operationId);
  const members = useMembers(operationId);
  const op = operation.data;
  const can = op ? operationPermissions(op) : null;

  // Removed while the page was open: nothing of the operation stays on screen.
  if (live.removed) {
    return (
      <main className="page-center">
        <div className="card stack" role="alert" data-testid="removed-notice">
          <p>{live.removed}</p>
          <Link to="/">Back to your operations</Link>
        </div>
      </main>
    );
  }

  return (
    <OperationShell
      operationId={operationId}
      liveStatus={<LiveStatus connection={live.connection} error={live.error} />}
      aside={
        <>
          <PresenceList online={live.online} teams={teams.data ?? []} members={members.data} myTeamId={op?.myTeamId ?? null} />
          {op && can?.viewMatches ? <MatchesSummary operation={op} newMatchIds={live.newMatchIds} enabled={live.ready || !!live.error} /> : null}
          <LiveFeed feed={live.feed} timeZone={op?.timezone} />
        </>
      }
    >
      {live.error ? <ErrorMessage error={`Live updates unavailable: ${live.error}`} className="live-error" /> : null}
      {/* Lists load after the tallies baseline, so that they cannot miss an event; if the baseline
          fails the page still works, and is refreshed once it succeeds. */}
      {live.ready || live.error ? <Outlet context={live} /> : <Spinner label="Loading the operation…" />}
    </OperationShell>
  );
}

/** Renders a tab when the role allows it, else goes to the role's default tab. */
function Guard({ allowed, children }: { allowed: (can: OperationPermissions, op: Operation) => boolean; children: (op: Operation, can: OperationPermissions) => ReactNode }) {
  const operation = useOperation(useOperationId());
  const op = operation.data;
  if (!op) return null;
  const can = operationPermissions(op);
  if (!allowed(can, op)) return <Navigate to={`/operations/${op.id}/${defaultTab(op)}`} replace />;
  return <>{children(op, can)}</>;
}

/** The operation page's one live session, handed to the tabs through the outlet. */
function useLiveSnapshot(): LiveSnapshot {
  return useOutletContext<LiveSnapshot>();
}

export function DefaultTab() {
  const operation = useOperation(useOperationId());
  if (!operation.data) return null;
  return <Navigate to={`/operations/${operation.data.id}/${defaultTab(operation.data)}`} replace />;
}

export function BoardTab() {
  return (
    <Guard allowed={(can) => can.viewBoard}>
      {(op, can) => (
        <div className="stack">
          <TallyPanel operationId={op.id} />
          <BoardPage operationId={op.id} canManage={can.manageTargets} />
        </div>
      )}
    </Guard>
  );
}

export function QueueTab() {
  return (
    <Guard allowed={(can) => can.viewQueue}>
      {(op, can) => (
        <div className="stack">
          <TallyPanel operationId={op.id} />
          <MyQueuePage
            operationId={op.id}
            renderLogFinding={(target: Target, close: () => void, next: (() => void) | undefined) =>
              can.logFindings ? <LogFindingForm operationId={op.id} target={target} onClose={close} onNextTarget={next} /> : null
            }
          />
        </div>
      )}
    </Guard>
  );
}

export function ReviewTab() {
  return <Guard allowed={(can) => can.viewReview}>{(op) => <ReviewPage operation={op} />}</Guard>;
}

export function MatchesTab() {
  const live = useLiveSnapshot();
  const newIds = useMemo(() => new Set(live.newMatchIds), [live.newMatchIds]);
  return <Guard allowed={(can) => can.viewMatches}>{(op) => <MatchesPage operation={op} newIds={newIds} />}</Guard>;
}

export function FindingsTab() {
  return (
    <Guard allowed={() => true}>
      {(op, can) => (
        <FindingsPage
          operationId={op.id}
          // Officers and above make targets of a finding's identifiers (the targets feature's snowballing).
          renderIdentifierActions={can.snowball ? (identifier) => <SnowballAction {...identifier} canAssign={can.manageTargets} /> : undefined}
        />
      )}
    </Guard>
  );
}

export function TalliesTab() {
  return (
    <Guard allowed={() => true}>
      {(op, can) => (
        <div className="stack">
          <TalliesPage operation={op} />
          <ExportsPanel operation={op} canAudit={can.audit} sharing={<TlpSetting operation={op} />} />
        </div>
      )}
    </Guard>
  );
}

export function PublishTab() {
  return <Guard allowed={(can) => can.publish}>{(op) => <PublishPage operation={op} />}</Guard>;
}

export function TeamTab() {
  return (
    <Guard allowed={(can) => can.seeMembers}>
      {(op, can) => <TeamsMembersPage operationId={op.id} catalogue={<IndicatorCatalogue operationId={op.id} canAdd={can.manageTeams} />} />}
    </Guard>
  );
}
