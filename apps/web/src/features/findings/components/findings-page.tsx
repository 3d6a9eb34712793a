import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FINDING_STATUSES, type Finding, type FindingStatus, type FindingType } from '@actionday/contracts';
import { operationPermissions, TeamOptions, useOperation, useTeams } from '../../operations';
import { useTargets } from '../../targets';
import { Badge, Button, Field, QueryState } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { FINDING_STATUS_LABELS, FINDING_TYPE_LABELS } from '../../../shared/labels';
import { useIndicatorLabel } from '../use-indicators';
import { useFindings } from '../api/get-findings';
import { FindingTypeOptions } from './finding-type-options';
import { summarizeFinding } from '../finding-summary';
import { FindingIdentifiers } from './finding-identifiers';

const PAGE = 300;

interface FindingsTableProps {
  operationId: string;
  findings: Finding[];
  canReview: boolean;
  canSnowball: boolean;
  canAssign: boolean;
  timeZone?: string;
}

function FindingsTable({ operationId, findings, canReview, canSnowball, canAssign, timeZone }: FindingsTableProps) {
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
  const shown = filtered.slice(0, limit);
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
            : `Showing the findings on ${(onlyTarget && targetById.get(onlyTarget)?.value) || 'one target'}.`}{' '}
          <Button variant="link" size="small" onClick={showAll}>
            Show all findings
          </Button>
        </p>
      ) : null}
      {filtered.length === 0 ? (
        <p className="empty">No findings{findings.length ? ' match the filters' : ' yet'}.</p>
      ) : (
        <div className="table-scroll">
          <table className="table findings-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Type</th>
                <th scope="col">Team</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
                <th scope="col">Indicators</th>
                <th scope="col">Status</th>
                {canReview ? (
                  <th scope="col">
                    <span className="sr-only">Review</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.id} data-type={f.type} data-status={f.status}>
                  <td className="nowrap">{formatDateTime(f.createdAt, timeZone)}</td>
                  <td>{FINDING_TYPE_LABELS[f.type]}</td>
                  <td>{f.teamId ? (teamName.get(f.teamId) ?? '—') : '—'}</td>
                  <td className="value-cell">{f.targetId ? <span className="target-value">{targetById.get(f.targetId)?.value ?? '—'}</span> : '—'}</td>
                  <td className={f.redacted ? 'muted restricted' : undefined}>
                    {summarizeFinding(f)}
                    <FindingIdentifiers
                      operationId={operationId}
                      finding={f}
                      canSnowball={canSnowball}
                      canAssign={canAssign}
                      teamName={lookupTeam}
                      targetById={lookupTarget}
                    />
                  </td>
                  <td className="small">{f.indicators.map(indicatorLabel).join('; ') || '—'}</td>
                  <td>
                    <Badge tone={f.status} data-status={f.status}>
                      {FINDING_STATUS_LABELS[f.status]}
                    </Badge>
                  </td>
                  {canReview ? (
                    <td className="actions-cell">
                      {/* Decisions are taken in the review queue, with the version seen and conflicts shown. */}
                      <Link
                        to={`/operations/${operationId}/review?finding=${f.id}`}
                        aria-label={`Review this ${FINDING_TYPE_LABELS[f.type].toLowerCase()} finding${f.teamId && teamName.get(f.teamId) ? ` of ${teamName.get(f.teamId)}` : ''}`}
                      >
                        Review…
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < filtered.length ? (
        <Button size="small" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({filtered.length - shown.length} left)
        </Button>
      ) : null}
    </section>
  );
}

export function FindingsPage({ operationId }: { operationId: string }) {
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
          canSnowball={can?.snowball ?? false}
          canAssign={can?.manageTargets ?? false}
          timeZone={operation.data?.timezone}
        />
      )}
    </QueryState>
  );
}
