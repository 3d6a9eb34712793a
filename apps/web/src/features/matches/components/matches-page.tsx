import { useId, useMemo, useState, type ReactNode } from 'react';
import { roleAtLeast, type Operation } from '@actionday/contracts';
import { TeamOptions, useTeams } from '../../../entities/operations';
import { Button, Checkbox, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { useLoadOlderMatches, useMatches } from '../api/get-matches';
import type { MatchFilter } from '../api/keys';
import type { MatchList as MatchListData } from '../match-cache';
import { splitByTeam } from '../match-view';
import { MatchList } from './match-list';
import { useTeamName } from './use-team-name';

export interface MatchesPageProps {
  operation: Operation;
  /** Ids of the matches that arrived live during this visit. */
  newIds: ReadonlySet<string>;
}

function countText(list: MatchListData, shown = list.items.length): string {
  return `${shown}${list.nextCursor ? '+' : ''} match${shown === 1 && !list.nextCursor ? '' : 'es'}`;
}

function OlderButton({ operationId, filter, list }: { operationId: string; filter: MatchFilter; list: MatchListData }) {
  const older = useLoadOlderMatches(operationId, filter);
  if (!list.nextCursor) return null;
  return (
    <div className="match-more">
      <ErrorMessage error={older.error} />
      <Button size="small" busy={older.isPending} onClick={() => older.mutate()}>
        Show older matches
      </Button>
    </div>
  );
}

/** One titled list of matches with its count and "show older". */
function MatchSection({
  operation,
  filter,
  title,
  newIds,
  select,
  emptyText,
  children,
}: {
  operation: Operation;
  filter: MatchFilter;
  title: string;
  newIds: ReadonlySet<string>;
  select?: (list: MatchListData) => MatchListData['items'];
  emptyText: string;
  children?: ReactNode;
}) {
  const titleId = useId();
  const query = useMatches(operation.id, filter);
  const teamName = useTeamName(operation.id);
  return (
    <section className="card matches-section" aria-labelledby={titleId} data-testid={`matches-${filter.teamId ? 'team' : 'all'}`}>
      <div className="section-head">
        <h2 id={titleId}>{title}</h2>
        {query.data ? <span className="muted small">{countText(query.data, select ? select(query.data).length : undefined)}</span> : null}
      </div>
      {children}
      <QueryState query={query} label="Loading matches…">
        {(list) => (
          <>
            <MatchList
              operationId={operation.id}
              matches={select ? select(list) : list.items}
              teamName={teamName}
              newIds={newIds}
              myTeamId={operation.myTeamId}
              label={title}
              emptyText={emptyText}
              timeZone={operation.timezone}
            />
            <OlderButton operationId={operation.id} filter={filter} list={list} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** Coordinators: every match, filtered by team or cross-border on the server. */
function AllMatches({ operation, newIds }: MatchesPageProps) {
  const teams = useTeams(operation.id);
  const [teamId, setTeamId] = useState('');
  const [crossBorderOnly, setCrossBorderOnly] = useState(false);
  const filter: MatchFilter = useMemo(() => ({ teamId: teamId || undefined, crossBorder: crossBorderOnly ? true : undefined }), [teamId, crossBorderOnly]);
  return (
    <MatchSection
      operation={operation}
      filter={filter}
      title="Matches"
      newIds={newIds}
      emptyText={teamId || crossBorderOnly ? 'No matches with these filters yet.' : 'No matches yet — they appear here the moment two teams meet the same identifier.'}
    >
      <div className="toolbar">
        <Field label="Team">
          {(p) => (
            <select {...p} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">All teams</option>
              <TeamOptions teams={teams.data} />
            </select>
          )}
        </Field>
        <Checkbox label="Cross-border only" checked={crossBorderOnly} onChange={setCrossBorderOnly} />
      </div>
    </MatchSection>
  );
}

/** Officers: their team's matches first; other teams' matches apart, without the identifier. */
function TeamMatches({ operation, newIds }: MatchesPageProps & { operation: Operation & { myTeamId: string } }) {
  const mine = operation.myTeamId;
  const others = useMemo(() => (list: MatchListData) => splitByTeam(list.items, mine).others, [mine]);
  return (
    <div className="stack">
      <MatchSection
        operation={operation}
        filter={{ teamId: mine }}
        title="Your team's matches"
        newIds={newIds}
        emptyText="No matches for your team yet — when another team meets one of your identifiers, it shows here at once."
      />
      <MatchSection
        operation={operation}
        filter={{}}
        title="Other teams' matches"
        newIds={newIds}
        select={others}
        emptyText="No matches between other teams yet."
      />
    </div>
  );
}

/** The Matches tab: the same identifier met by two teams (or a team and a target), live. */
export function MatchesPage({ operation, newIds }: MatchesPageProps) {
  const seesAll = roleAtLeast(operation.myRole, 'coordinator');
  const myTeamId = operation.myTeamId;
  return (
    <div data-testid="matches-page">
      {!seesAll && myTeamId ? (
        <TeamMatches operation={{ ...operation, myTeamId }} newIds={newIds} />
      ) : (
        <AllMatches operation={operation} newIds={newIds} />
      )}
    </div>
  );
}
