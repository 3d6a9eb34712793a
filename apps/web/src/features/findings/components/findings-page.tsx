import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FINDING_STATUSES, type Finding, type FindingStatus, type FindingType } from '@actionday/contracts';
import { FindingTypeOptions, summarizeFinding, useFindings, useIndicatorLabel } from '../../../entities/findings';
import { operationPermissions, TeamOptions, useOperation, useTeams } from '../../../entities/operations';
import { useTargets } from '../../../entities/targets';
import { Badge, Button, DataTable, Field, QueryState, type DataTableColumn } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { FINDING_STATUS_LABELS, FINDING_TYPE_LABELS, targetText } from '../../../shared/labels';
import { FindingIdentifiers, type IdentifierActionsProps } from './finding-identifiers';

export type { IdentifierActionsProps } from './finding-identifiers';

const PAGE = 300;

interface FindingsTableProps {
  operationId: string;
  findings: Finding[];
  canReview: boolean;
  renderIdentifierActions?: FindingsPageProps['renderIdentifierActions'];
  timeZone?: string;
}

function FindingsTable({ operationId, findings, canReview, renderIdentifierActions, timeZone }: FindingsTableProps) {
  const teams = useTeams(operationId);
  const indicatorLabel = useIndicatorLabel(operationId);
  // Loaded (not only read from the cache): the Target column and the snowball status need the
  // targets even when the board was never opened; live events keep the list current.
  const targets = useTargets(operationId);
  // Links from elsewhere (a match, the review queue) narrow the table to one finding or one target.
  const [params, setParams] = useSearchParams();
  const onlyFinding = params.get('finding');
  const onlyTarget = params.get('target');
  const [type, setType] = useState<'' | FindingType>('');
  const [status, setStatus] = useState<'' | FindingStatus>('');
  const [teamId, setTeamId] = useState('');
  const [limit, setLimit] = useState(PAGE);

  const teamName = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const targetById = useMemo(() => new Map((targets.data ?? []).map((t) => [t.id, t])), [targets.data]);
  const lookupTeam = useCallback((id: string) => teamName.get(id), [teamName]);
  const lookupTarget = useCallback((id: string) => targetById.get(id), [targetById]);
  const filtered = useMemo(
    () =>
      findings
        .filter(
          (f) =>
            (!onlyFinding || f.id === onlyFinding) &&
            (!onlyTarget || f.targetId === onlyTarget) &&
            (!type || f.type === type) &&
            (!status || f.status === status) &&
            (!teamId || f.teamId === teamId),
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [findings, onlyFinding, onlyTarget, type, status, teamId],
  );
  const shown = Math.min(limit, filtered.length);
  const teamOf = (f: Finding) => (f.teamId ? (teamName.get(f.teamId) ?? '—') : '—');
  const targetOf = (f: Finding) => (f.targetId ? targetTextOf(targetById.get(f.targetId)) : '—');
  const indicatorsOf = (f: Finding) => f.indicators.map(indicatorLabel).join('; ') || '—';
  const columns: (DataTableColumn<Finding> | false)[] = [
    { key: 'created', header: 'Created', width: '6.25rem', cell: (f) => formatDateTime(f.createdAt, timeZone), sortValue: (f) => f.createdAt },
    { key: 'type', header: 'Type', width: '5.5rem', cell: (f) => FINDING_TYPE_LABELS[f.type], sortValue: (f) => FINDING_TYPE_LABELS[f.type] },
    { key: 'team', header: 'Team', width: '5.5rem', cell: teamOf, sortValue: (f) => (f.teamId ? teamName.get(f.teamId) : undefined), truncate: true },
    {
      key: 'target',
      header: 'Target',
      width: '7.5rem',
      truncate: true,
      className: 'value-cell',
      text: targetOf,
      sortValue: (f) => (f.targetId ? targetOf(f) : undefined),
      cell: (f) => (f.targetId ? <span className="target-value">{targetOf(f)}</span> : '—'),
    },
    {
      key: 'details',
      header: 'Details',
      className: (f) => (f.redacted ? 'muted restricted' : undefined),
      cell: (f) => (
        <>
          {summarizeFinding(f)}
          <FindingIdentifiers
            operationId={operationId}
            finding={f}
            renderActions={renderIdentifierActions}
            teamName={lookupTeam}
            targetById={lookupTarget}
          />
        </>
      ),
    },
    { key: 'indicators', header: 'Indicators', width: '6.25rem', className: 'small', truncate: true, cell: indicatorsOf },
    {
      key: 'status',
      header: 'Status',
      width: '6.5rem',
      sortValue: (f) => FINDING_STATUSES.indexOf(f.status),
      cell: (f) => (
        <Badge tone={f.status} data-status={f.status}>
          {FINDING_STATUS_LABELS[f.status]}
        </Badge>
      ),
    },
    canReview && {
      key: 'review',
      header: <span className="sr-only">Review</span>,
      label: 'Review',
      width: '5.5rem',
      className: 'actions-cell',
      cell: (f) => (
        // Decisions are taken in the review queue, with the version seen and conflicts shown.
        <Link
          to={`/operations/${operationId}/review?finding=${f.id}`}
          aria-label={`Review this ${FINDING_TYPE_LABELS[f.type].toLowerCase()} finding${f.teamId && teamName.get(f.teamId) ? ` of ${teamName.get(f.teamId)}` : ''}`}
        >
          Review…
        </Link>
      ),
    },
  ];
  const showAll = () =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete('finding');
        next.delete('target');
        return next;
      },
      { replace: true },
    );

  return (
    <section className="card" aria-labelledby="findings-title">
      <div className="section-head">
        <h2 id="findings-title">Findings</h2>
        <span className="muted small">
          {filtered.length} of {findings.length}
        </span>
      </div>
      <div className="toolbar">
        <Field label="Filter by type">
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.target.value as '' | FindingType)}>
              <option value="">All</option>
              <FindingTypeOptions />
            </select>
          )}
        </Field>
        <Field label="Filter by review status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as '' | FindingStatus)}>
              <option value="">All</option>
              {FINDING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {FINDING_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(teams.data ?? []).length > 0 ? (
          <Field label="Filter by team">
            {(p) => (
              <select {...p} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                <option value="">All</option>
                <TeamOptions teams={teams.data} />
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {onlyFinding || onlyTarget ? (
        <p className="findings-scope" data-testid="findings-scope">
          {onlyFinding
            ? 'Showing one finding.'
            : `Showing the findings on ${onlyTarget && targetById.get(onlyTarget) ? targetText(targetById.get(onlyTarget)!) : 'one target'}.`}{' '}
          <Button variant="link" size="small" onClick={showAll}>
            Show all findings
          </Button>
        </p>
      ) : null}
      <DataTable
        className="findings-table"
        aria-labelledby="findings-title"
        columns={columns}
        rows={filtered}
        limit={limit}
        rowKey={(f) => f.id}
        rowLabel={(f) => `the ${FINDING_TYPE_LABELS[f.type].toLowerCase()} finding of ${formatDateTime(f.createdAt, timeZone)}`}
        rowProps={(f) => ({ 'data-type': f.type, 'data-status': f.status })}
        minWidth="55rem"
        empty={`No findings${findings.length ? ' match the filters' : ' yet'}.`}
      />
      {shown < filtered.length ? (
        <Button size="small" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({filtered.length - shown} left)
        </Button>
      ) : null}
    </section>
  );
}

export interface FindingsPageProps {
  operationId: string;
  /**
   * After each identifier of a finding: what may be done with it (officers and above make a target
   * of it, from the targets feature), composed by the app; nothing when not given.
   */
  renderIdentifierActions?: (props: IdentifierActionsProps) => ReactNode;
}

export function FindingsPage({ operationId, renderIdentifierActions }: FindingsPageProps) {
  const operation = useOperation(operationId);
  const findings = useFindings(operationId);
  const can = operation.data ? operationPermissions(operation.data) : null;
  return (
    <QueryState query={findings} label="Loading findings…">
      {(list) => (
        <FindingsTable
          operationId={operationId}
          findings={list}
          canReview={can?.reviewFindings ?? false}
          renderIdentifierActions={renderIdentifierActions}
          timeZone={operation.data?.timezone}
        />
      )}
    </QueryState>
  );
}

const targetTextOf = (t: Parameters<typeof targetText>[0] | undefined) => (t ? targetText(t) : '—');
