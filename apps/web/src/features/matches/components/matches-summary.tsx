import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast, type Operation } from '@actionday/contracts';
import { Spinner } from '../../../shared/ui';
import { useMatches } from '../api/get-matches';
import type { MatchFilter } from '../api/keys';
import { announcementFor } from '../match-view';
import { MatchList } from './match-list';
import { useTeamName } from './use-team-name';

export const SUMMARY_SIZE = 5;

export interface MatchesSummaryProps {
  operation: Operation;
  /** Ids of the matches that arrived live during this visit, newest first. */
  newMatchIds: readonly string[];
  /** False until the live baseline is loaded (a list read earlier could miss an event). */
  enabled?: boolean;
}

/**
 * The side column's matches: the latest few (an officer's own team's), a link to the tab, and the
 * one place that announces a new match to screen readers (politely, once per match).
 */
export function MatchesSummary({ operation, newMatchIds, enabled = true }: MatchesSummaryProps) {
  const titleId = useId();
  const seesAll = roleAtLeast(operation.myRole, 'coordinator');
  const teamId = !seesAll && operation.myTeamId ? operation.myTeamId : undefined;
  const filter: MatchFilter = useMemo(() => (teamId ? { teamId } : {}), [teamId]);
  const query = useMatches(operation.id, filter, enabled);
  const teamName = useTeamName(operation.id);
  const newIds = useMemo(() => new Set(newMatchIds), [newMatchIds]);
  const list = query.data;

  // Announce what arrived since the last announcement, once per match.
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(new Set<string>());
  useEffect(() => {
    if (!list) return;
    const fresh = list.items.filter((m) => newIds.has(m.id) && !announced.current.has(m.id));
    if (fresh.length === 0) return;
    for (const m of fresh) announced.current.add(m.id);
    const text = announcementFor(fresh, { seesAll, myTeamId: operation.myTeamId }, teamName);
    if (text) setAnnouncement(text);
  }, [list, newIds, seesAll, operation.myTeamId, teamName]);

  const newCount = list ? list.items.filter((m) => newIds.has(m.id)).length : 0;
  return (
    <section className="card matches-summary" aria-labelledby={titleId} data-testid="matches-summary">
      <div className="section-head">
        <h2 id={titleId}>{teamId ? 'Your matches' : 'Matches'}</h2>
        {list ? (
          <span className="badge badge-match" data-testid="match-count">
            {list.items.length}
            {list.nextCursor ? '+' : ''}
          </span>
        ) : null}
        {newCount > 0 ? <span className="badge badge-new">{newCount} new</span> : null}
      </div>
      <p role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="match-announcement">
        {announcement}
      </p>
      {list ? (
        <MatchList
          operationId={operation.id}
          matches={list.items.slice(0, SUMMARY_SIZE)}
          teamName={teamName}
          newIds={newIds}
          myTeamId={operation.myTeamId}
          label={teamId ? 'Latest matches of your team' : 'Latest matches'}
          emptyText={teamId ? 'None for your team yet.' : 'None yet.'}
          timeZone={operation.timezone}
          compact
        />
      ) : query.error ? (
        <p className="muted small">Matches could not be loaded.</p>
      ) : enabled ? (
        <Spinner label="Loading matches…" />
      ) : null}
      <p className="small matches-summary-link">
        <Link to={`/operations/${operation.id}/matches`}>All matches</Link>
      </p>
    </section>
  );
}
