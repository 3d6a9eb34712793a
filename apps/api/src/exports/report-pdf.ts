import type { AuditHead, OperationCore, Tallies, TallyFigures } from '@actionday/contracts';
import { FIGURE_LABELS, victimCountText } from '@actionday/tallies';
import { type PdfCell, type PdfWriter, renderPdf } from '../common/pdf';

export interface ReportInput {
  operation: Pick<OperationCore, 'name' | 'kind' | 'status' | 'startsAt' | 'endsAt' | 'timezone' | 'countries' | 'closedAt'>;
  tallies: Tallies;
  /** Indicator code -> label, from the operation's catalogue. */
  indicatorLabels: ReadonlyMap<string, string>;
  /** When the report is made; it only shows while the figures are live. */
  now: Date;
  /**
   * The audit chain's head when the report was made, and the head the close snapshot recorded
   * (null while open, or for an operation closed before heads were recorded): noted on paper, they
   * let anyone notice later that entries were cut off the end of the log.
   */
  audit: { current: AuditHead; atClose: AuditHead | null };
  compress?: boolean;
}

const KIND_LABELS: Record<OperationCore['kind'], string> = {
  hackathon: 'Hackathon',
  joint_action_day: 'Joint action day',
  mapping: 'Mapping exercise',
};

const STATUS_LABELS: Record<OperationCore['status'], string> = { planning: 'Planning', live: 'Live', closed: 'Closed' };

const CATEGORY_LABELS: Record<string, string> = {
  advertising_aggregator: 'Advertising aggregator',
  hobby_board: 'Hobby board',
  sugar_dating: 'Sugar dating',
  dating_social: 'Dating / social networking',
  job_recruitment: 'Job / recruitment',
  messaging_group: 'Messaging group',
  csam_related: 'CSAM-related',
};
const categoryLabel = (key: string) => CATEGORY_LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

/** Date and time in the operation's time zone, e.g. "23 Nov 2026, 07:00". */
function formatter(timeZone: string) {
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  return {
    day: (iso: string | Date) => day.format(new Date(iso)),
    time: (iso: string | Date) => time.format(new Date(iso)),
    at: (iso: string | Date) => `${day.format(new Date(iso))}, ${time.format(new Date(iso))}`,
  };
}

function dateRange(startsAt: string, endsAt: string, timeZone: string): string {
  const f = formatter(timeZone);
  const end = f.day(startsAt) === f.day(endsAt) ? f.time(endsAt) : f.at(endsAt);
  return `${f.at(startsAt)} to ${end} (${timeZone})`;
}

/** The columns every breakdown (team, country, category, tag) shows, with their legend. */
const BREAKDOWN_HEADER = ['Platforms', 'Usernames', 'Comms', 'Suspected', 'Confirmed', 'Referred', 'Suspects', 'Victims', 'Minors', 'Done'];
const breakdownCells = (f: TallyFigures): PdfCell[] => [
  f.examined.platforms,
  f.examined.usernames,
  f.examined.communications,
  f.platforms.suspected,
  f.platforms.confirmed,
  f.platforms.referred,
  f.suspects,
  // Withheld per team, country, category and tag from members without victim access.
  f.possibleVictims ? victimCountText(f.possibleVictims.total, null) : '–',
  f.possibleVictims ? victimCountText(f.possibleVictims.minors, null) : '–',
  f.targets.byState.done,
];

function breakdown(doc: PdfWriter, title: string, keyHeader: string, rows: [string, TallyFigures][]): void {
  doc.heading(title, 2);
  doc.table(
    [keyHeader, ...BREAKDOWN_HEADER],
    rows.map(([key, f]) => [key, ...breakdownCells(f)]),
    // Eleven columns: at 7 points DejaVu Sans (wider than Helvetica, with a taller x-height)
    // keeps every header word whole and leaves the key column room for a name.
    { fontSize: 7 },
  );
}

const byKey = (record: Record<string, TallyFigures>, label: (k: string) => string = (k) => k): [string, TallyFigures][] =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, f]) => [label(k), f]);

/** The overall figures, labelled like the published ones where they are the same figure. */
function overall(t: Tallies): [string, PdfCell][] {
  return [
    [FIGURE_LABELS['participants.experts'], t.participants.experts],
    [FIGURE_LABELS['participants.countries'], t.participants.countries],
    [FIGURE_LABELS['examined.platforms'], t.examined.platforms],
    [FIGURE_LABELS['examined.usernames'], t.examined.usernames],
    [FIGURE_LABELS['examined.communications'], t.examined.communications],
    [FIGURE_LABELS['platforms.suspected'], t.platforms.suspected],
    [FIGURE_LABELS['platforms.confirmed'], t.platforms.confirmed],
    [FIGURE_LABELS['platforms.referred'], t.platforms.referred],
    [FIGURE_LABELS.suspects, t.suspects],
    [FIGURE_LABELS['possibleVictims.total'], victimCountText(t.possibleVictims?.total, t.victimRelease, 'not released yet')],
    [FIGURE_LABELS['possibleVictims.minors'], victimCountText(t.possibleVictims?.minors, t.victimRelease, 'not released yet')],
    ['Targets not yet assigned', t.targets.byState.unassigned],
    ['Targets assigned, not started', t.targets.byState.assigned],
    ['Targets in progress', t.targets.byState.in_progress],
    ['Targets done', t.targets.byState.done],
  ];
}

/**
 * The end-of-day report of an operation for its members: what the day was, and every figure of
 * the tallies overall and broken down. Aggregates only, exact (no small-count suppression: it is
 * not a publication). A closed operation's report is dated by its closing, so it is the same
 * file every time it is downloaded while the audit log has the same head (every download of a
 * member export, this one included, appends an entry after it).
 */
export function reportPdf({ operation: o, tallies: t, indicatorLabels, now, audit, compress }: ReportInput): Promise<Buffer> {
  const f = formatter(o.timezone);
  const closedAt = t.closedAt ?? o.closedAt;
  const frozen = t.frozen && closedAt !== null;
  return renderPdf(
    {
      title: `${o.name}: end-of-day report`,
      subject: 'End-of-day report (aggregate figures)',
      creationDate: frozen ? new Date(closedAt) : now,
      footer: `${o.name} - end-of-day report - aggregate figures only`,
      compress,
    },
    (doc) => {
      doc.heading(o.name, 1);
      doc.paragraph('End-of-day report: aggregate figures, no personal data.');
      doc.keyValues([
        ['Kind', KIND_LABELS[o.kind] ?? o.kind],
        ['Dates', dateRange(o.startsAt, o.endsAt, o.timezone)],
        ['Status', STATUS_LABELS[o.status] ?? o.status],
        ['Participating countries', o.countries.length ? o.countries.join(', ') : 'none'],
        ...(frozen
          ? ([
              ['Closed', `${f.at(closedAt)} (${o.timezone})`],
              ['Snapshot SHA-256', t.snapshotSha256 ?? 'not recorded'],
              ['Figures', `frozen at close (up to event ${t.asOfSeq})`],
            ] as [string, string][])
          : ([['Figures', `live as of ${f.at(now)} (${o.timezone}), up to event ${t.asOfSeq}; they change until the operation is closed`]] as [
              string,
              string,
            ][])),
        ...(t.victimRelease
          ? ([
              [
                'Victim figures',
                `${t.victimRelease.releasedAt ? `as released at ${f.at(t.victimRelease.releasedAt)}` : 'not released yet'}: operation-wide only, counts below ${t.victimRelease.suppressBelow} shown as <${t.victimRelease.suppressBelow}`,
              ],
            ] as [string, string][])
          : []),
      ]);

      doc.heading('Figures', 2);
      doc.table(['Figure', 'Count'], overall(t), { widths: [5, 1] });

      breakdown(
        doc,
        'By team',
        'Team',
        t.byTeam.map((row) => [row.name, row]),
      );
      doc.smallPrint(
        'Platforms, Usernames, Comms: targets examined by kind group (comms: phone numbers, e-mail addresses, app accounts). ' +
          'Suspected, Confirmed, Referred: platforms by outcome. Suspects, Victims: findings not rejected and not duplicates; Minors among the victims. ' +
          'Done: targets done, of any kind.',
      );
      breakdown(doc, 'By participating country', 'Country', byKey(t.byCountry));
      breakdown(doc, 'By platform category', 'Category', byKey(t.byCategory, categoryLabel));
      if (Object.keys(t.byTag).length > 0) breakdown(doc, 'By target tag', 'Tag', byKey(t.byTag));

      doc.heading('Possible victims by nationality', 2);
      doc.table(
        ['Nationality', 'Possible victims'],
        Object.entries(t.possibleVictims?.byNationality ?? {})
          .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]))
          .map(([nationality, n]) => [nationality === 'unknown' ? 'Unknown' : nationality, victimCountText(n, t.victimRelease)]),
        { widths: [5, 1] },
      );

      doc.heading('Most frequent indicators', 2);
      doc.table(
        ['Indicator', 'Code', 'Findings'],
        t.topIndicators.map((i) => [indicatorLabels.get(i.code) ?? i.code, i.code, i.count]),
        { widths: [4, 2, 1] },
      );

      doc.heading(`Findings per hour (${o.timezone})`, 2);
      doc.table(
        ['Hour', 'Findings'],
        t.findingsPerHour.map((h) => [f.at(h.hour), h.count]),
        { widths: [5, 1] },
      );

      doc.heading('Audit log', 2);
      // A closed operation's report is the same file every time: it names the head recorded at
      // close, not the current one (every download is itself an entry after it).
      doc.keyValues(
        o.status === 'closed'
          ? [
              [
                'Head recorded at close',
                audit.atClose ? `entry ${audit.atClose.seq}, hash ${audit.atClose.hash}, followed by the close` : 'not recorded (closed before heads were recorded)',
              ],
            ]
          : [['Entries when this report was made', `${audit.current.seq}, the last with hash ${audit.current.hash}`]],
      );
      doc.smallPrint(
        'Keep these: a verification of the audit log (npm run audit:verify, or Verify in the app) that ends before this entry, or shows ' +
          'another hash for it, means entries were removed or rewritten. The head recorded at close is checked on every verification.',
      );

      doc.smallPrint(
        'Exact counts for the members of the operation; not for publication (published summaries withhold small counts). ' +
          (frozen ? 'These are the figures frozen when the operation was closed; the SHA-256 identifies that snapshot.' : `Made ${f.at(now)} (${o.timezone}).`),
      );
    },
  );
}
