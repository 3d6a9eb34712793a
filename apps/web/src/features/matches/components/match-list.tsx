import { Link } from 'react-router';
import type { Match, MatchSide } from '@actionday/contracts';
import { Badge } from '../../../shared/ui';
import { formatDateTime, formatTime } from '../../../shared/format';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/labels';
import { matchInvolvesTeam } from '../match-cache';
import { sideLabel, type TeamNameLookup } from '../match-view';

export interface MatchListProps {
  operationId: string;
  matches: readonly Match[];
  teamName: TeamNameLookup;
  /** Matches that arrived live during this visit: highlighted and marked "new". */
  newIds: ReadonlySet<string>;
  /** The viewer's team: its side is marked "your team". */
  myTeamId: string | null;
  /** The accessible name of the list. */
  label: string;
  emptyText: string;
  timeZone?: string;
  /** The side column: no links, one line per side. */
  compact?: boolean;
}

function SideLinks({ operationId, side, label }: { operationId: string; side: MatchSide; label: string }) {
  if (!side.findingId && !side.targetId) return null;
  return (
    <span className="match-links">
      {side.findingId ? (
        <Link to={`/operations/${operationId}/findings?finding=${side.findingId}`} aria-label={`Open the finding of ${label}`}>
          finding
        </Link>
      ) : null}
      {side.findingId && side.targetId ? ' · ' : null}
      {side.targetId ? (
        <Link to={`/operations/${operationId}/findings?target=${side.targetId}`} aria-label={`Findings on the target of ${label}`}>
          target
        </Link>
      ) : null}
    </span>
  );
}

function MatchRow({ match, props }: { match: Match; props: MatchListProps }) {
  const { operationId, teamName, newIds, myTeamId, timeZone, compact } = props;
  const isNew = newIds.has(match.id);
  const mine = matchInvolvesTeam(match, myTeamId);
  const kind = IDENTIFIER_KIND_LABELS[match.kind];
  return (
    <li
      className={['match-row', isNew ? 'is-new' : '', mine ? 'is-mine' : '', match.redacted ? 'is-redacted' : ''].filter(Boolean).join(' ')}
      data-testid="match-row"
      data-match-id={match.id}
      data-new={isNew || undefined}
    >
      <div className="match-head">
        <span className="match-kind">{kind}</span>
        {match.normalized ? (
          <span className="match-value" data-testid="match-value">
            {match.normalized}
          </span>
        ) : (
          <span className="match-value muted" title="Only the two teams and the coordinators see the identifier">
            hidden
          </span>
        )}
        {match.crossBorder ? (
          <Badge tone="cross-border" data-testid="cross-border">
            cross-border
          </Badge>
        ) : null}
        {isNew ? <Badge tone="new">new</Badge> : null}
        <time className="match-time" dateTime={match.createdAt} title={formatDateTime(match.createdAt, timeZone)}>
          {formatTime(match.createdAt, timeZone)}
        </time>
      </div>
      <ul className="match-sides" aria-label="Found by">
        {/* Side b had the identifier first; side a is the write that raised the match. */}
        {[match.sides[1], match.sides[0]].map((side, i) => {
          const label = sideLabel(side, teamName);
          return (
            <li key={i} className={myTeamId && side.teamId === myTeamId ? 'match-side is-mine' : 'match-side'}>
              <span className="match-side-name">{label}</span>
              <span className="muted small"> {i === 0 ? '— had it first' : '— found it too'}</span>
              {myTeamId && side.teamId === myTeamId ? <span className="muted small"> (your team)</span> : null}
              {compact ? null : (
                <>
                  {' '}
                  <SideLinks operationId={operationId} side={side} label={label} />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

/** Matches newest first; each row: kind, identifier (or "hidden"), the two sides, cross-border, time. */
export function MatchList(props: MatchListProps) {
  if (props.matches.length === 0) return <p className="empty small">{props.emptyText}</p>;
  return (
    <ul className={props.compact ? 'match-list compact' : 'match-list'} aria-label={props.label}>
      {props.matches.map((m) => (
        <MatchRow key={m.id} match={m} props={props} />
      ))}
    </ul>
  );
}
