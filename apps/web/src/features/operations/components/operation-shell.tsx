import { useEffect, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { Operation } from '@actionday/contracts';
import { Badge, QueryState } from '../../../shared/ui';
import { formatDate, formatDateTime } from '../../../shared/format';
import { ROLE_LABELS } from '../../../shared/labels';
import { useOperation, useTeams, operationTabs, TAB_LABELS } from '../../../entities/operations';
import { TransitionButtons } from './transition-buttons';

export interface OperationShellProps {
  operationId: string;
  /** The live connection pill, next to the status badge. */
  liveStatus?: ReactNode;
  /** The side column (live feed, presence). */
  aside?: ReactNode;
  children: ReactNode;
}

function Summary({ operation }: { operation: Operation }) {
  const teams = useTeams(operation.id);
  const myTeam = teams.data?.find((t) => t.id === operation.myTeamId);
  return (
    <p className="muted small operation-summary">
      {formatDateTime(operation.startsAt, operation.timezone)} – {formatDateTime(operation.endsAt, operation.timezone)} (
      {operation.timezone}) · {operation.countries.join(', ')} · you: {ROLE_LABELS[operation.myRole].toLowerCase()}
      {myTeam ? `, team ${myTeam.name}` : ''}
    </p>
  );
}

/** The operation page: header, tabs, content, side column. */
export function OperationShell({ operationId, liveStatus, aside, children }: OperationShellProps) {
  const operation = useOperation(operationId);
  const name = operation.data?.name;
  useEffect(() => {
    if (!name) return;
    document.title = `${name} — Action Day`;
    return () => {
      document.title = 'Action Day';
    };
  }, [name]);
  return (
    <QueryState query={operation} label="Loading operation…">
      {(op) => (
        <div className="operation-page">
          <header className="operation-header">
            <div className="operation-title">
              <h1>{op.name}</h1>
              <Badge tone={op.status} data-testid="operation-status">
                {op.status}
              </Badge>
              {liveStatus}
              <TransitionButtons operation={op} />
            </div>
            <Summary operation={op} />
            {op.purgedAt ? (
              <p className="notice purge-note" data-testid="purge-note">
                Personal data of this operation was erased on {formatDate(op.purgedAt, op.timezone)} under the retention policy. The
                frozen figures and the audit chain are kept.
              </p>
            ) : null}
            <nav className="tabs" aria-label="Operation sections">
              {operationTabs(op).map((tab) => (
                <NavLink key={tab} to={`/operations/${op.id}/${tab}`} className="tab">
                  {TAB_LABELS[tab]}
                </NavLink>
              ))}
            </nav>
          </header>
          <div className="operation-body">
            <div className="operation-main">{children}</div>
            {aside ? <aside className="operation-aside">{aside}</aside> : null}
          </div>
        </div>
      )}
    </QueryState>
  );
}
