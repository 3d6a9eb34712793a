import { useId, type ReactNode, type Ref } from 'react';
import type { Finding, FindingStatus } from '@actionday/contracts';
import { Badge, Button, ErrorMessage } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { FINDING_STATUS_LABELS, FINDING_TYPE_LABELS, IDENTIFIER_KIND_LABELS } from '../../../shared/labels';

export interface RowLookups {
  teamName: (teamId: string | null) => string | null;
  targetValue: (targetId: string | null) => string | null;
  memberName: (userId: string | null) => string | null;
  summary: (f: Finding) => string;
  finding: (id: string | null) => Finding | undefined;
  /** By the operation's catalogue, so indicators its coordinators added show their label. */
  indicatorLabel: (code: string) => string;
}

const TITLE_SUMMARY = 60;

/**
 * "Suspect — Netherlands: Mira, RO": the row's name for screen readers, its buttons and messages;
 * the summary (cut short) tells apart findings of one type and team logged in the same minute.
 */
export function findingTitle(f: Finding, l: Pick<RowLookups, 'teamName' | 'summary'>): string {
  const team = l.teamName(f.teamId);
  const summary = l.summary(f);
  const short = summary.length > TITLE_SUMMARY ? `${summary.slice(0, TITLE_SUMMARY - 1)}…` : summary;
  return `${FINDING_TYPE_LABELS[f.type]}${team ? ` — ${team}` : ''}${short && short !== '—' ? `: ${short}` : ''}`;
}

const REVIEWED: Record<Decision, string> = { confirmed: 'Confirmed', rejected: 'Rejected', duplicate: 'Marked as duplicate' };

export type Decision = Exclude<FindingStatus, 'submitted'>;

export interface ReviewRowProps {
  finding: Finding;
  lookups: RowLookups;
  selected: boolean;
  busy: boolean;
  /** The server's 409 message: the row stays put until the coordinator reloads it. */
  conflict: string | null;
  error: unknown;
  timeZone?: string;
  hintsId: string;
  rowRef: Ref<HTMLLIElement>;
  picker: ReactNode;
  onSelect: () => void;
  onDecide: (status: Decision) => void;
  onDuplicate: () => void;
  onReload: () => void;
  onShowOriginal: (id: string) => void;
}

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'review-fact wide' : 'review-fact'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Key({ k }: { k: string }) {
  return (
    <kbd className="key-hint" aria-hidden="true">
      {k}
    </kbd>
  );
}

/** One finding of the review queue, with its decision buttons (and their keys on the selected row). */
export function ReviewRow(props: ReviewRowProps) {
  const { finding: f, lookups: l, selected, busy, conflict, error, timeZone } = props;
  const titleId = useId();
  const target = l.targetValue(f.targetId);
  const author = l.memberName(f.authorId);
  const original = f.duplicateOf ? l.finding(f.duplicateOf) : undefined;
  const decided = f.status !== 'submitted';
  const blocked = conflict !== null;
  const button = (status: Decision, label: string, key: string, variant: 'primary' | 'danger' | 'secondary') =>
    f.status === status ? null : (
      <Button
        size="small"
        variant={variant}
        busy={busy}
        disabled={blocked}
        aria-describedby={titleId}
        aria-keyshortcuts={selected ? key : undefined}
        onClick={(e) => {
          e.stopPropagation();
          props.onDecide(status);
        }}
      >
        {label} {selected ? <Key k={key} /> : null}
      </Button>
    );
  return (
    <li
      ref={props.rowRef}
      tabIndex={-1}
      className={['review-row', selected ? 'is-selected' : '', blocked ? 'is-conflict' : ''].filter(Boolean).join(' ')}
      aria-current={selected || undefined}
      aria-labelledby={titleId}
      aria-describedby={selected ? props.hintsId : undefined}
      data-testid="review-row"
      data-finding-id={f.id}
      data-status={f.status}
      onClick={props.onSelect}
    >
      <div className="review-row-head">
        <h3 id={titleId} className="review-title">
          {findingTitle(f, l)}
        </h3>
        <Badge tone={f.status} data-status={f.status}>
          {FINDING_STATUS_LABELS[f.status]}
        </Badge>
        <span className="muted small">
          logged <time dateTime={f.createdAt}>{formatDateTime(f.createdAt, timeZone)}</time>
          {author ? ` by ${author}` : ''}
        </span>
      </div>
      <dl className="review-facts">
        <Fact label="Target">{target ? <span className="target-value">{target}</span> : '—'}</Fact>
        <Fact label="Details">
          <span className={f.redacted ? 'muted restricted' : undefined}>{l.summary(f)}</span>
        </Fact>
        <Fact label="Indicators">{f.indicators.length ? f.indicators.map(l.indicatorLabel).join('; ') : '—'}</Fact>
        <Fact label="Identifiers">
          {f.identifiers.length ? (
            <ul className="review-identifiers">
              {f.identifiers.map((i, n) => (
                <li key={`${i.kind}-${i.normalized}-${n}`}>
                  <span className="muted">{IDENTIFIER_KIND_LABELS[i.kind]}:</span> <span className="target-value">{i.value}</span>
                  {i.normalized && i.normalized !== i.value ? <span className="muted small"> ({i.normalized})</span> : null}
                  {i.valid ? null : <span className="muted small"> — not a valid {IDENTIFIER_KIND_LABELS[i.kind].toLowerCase()}</span>}
                </li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </Fact>
        {f.notes ? (
          <Fact label="Notes" wide>
            {f.notes}
          </Fact>
        ) : null}
        {decided ? (
          <Fact label="Reviewed" wide>
            {REVIEWED[f.status as Decision]}
            {f.reviewedBy ? ` by ${l.memberName(f.reviewedBy) ?? 'a coordinator'}` : ''}
            {f.reviewedAt ? `, ${formatDateTime(f.reviewedAt, timeZone)}` : ''}
            {f.duplicateOf ? (
              <>
                {' — original: '}
                <Button
                  variant="link"
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    if (f.duplicateOf) props.onShowOriginal(f.duplicateOf);
                  }}
                >
                  {original ? `${findingTitle(original, l)} (${formatDateTime(original.createdAt, timeZone)})` : 'another finding'}
                </Button>
              </>
            ) : null}
          </Fact>
        ) : null}
      </dl>
      <div className="review-actions" role="group" aria-label="Decision">
        {button('confirmed', 'Confirm', 'c', 'primary')}
        {button('rejected', 'Reject', 'r', 'danger')}
        <Button
          size="small"
          busy={busy}
          disabled={blocked}
          aria-describedby={titleId}
          aria-keyshortcuts={selected ? 'd' : undefined}
          aria-expanded={props.picker ? true : false}
          onClick={(e) => {
            e.stopPropagation();
            props.onDuplicate();
          }}
        >
          Mark duplicate of… {selected ? <Key k="d" /> : null}
        </Button>
      </div>
      {conflict ? (
        <div role="alert" className="review-conflict" data-testid="review-conflict">
          <span>{conflict}</span>
          <Button
            size="small"
            busy={busy}
            onClick={(e) => {
              e.stopPropagation();
              props.onReload();
            }}
          >
            Reload
          </Button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
      {props.picker}
    </li>
  );
}
