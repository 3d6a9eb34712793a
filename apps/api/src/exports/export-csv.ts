import {
  linkFieldsSchema,
  possibleVictimFieldsSchema,
  siteAssessmentFieldsSchema,
  suspectFieldsSchema,
  type Finding,
  type Target,
} from '@actionday/contracts';
import { type CsvCell, csvRecord } from '../common/csv';
import type { FileFormat } from '../common/file-stream';

/**
 * A cell as the export knows it: text is written with the formula guard of the CSV writer
 * (common/csv.ts), numbers and booleans as such.
 */
export type ExportCell = CsvCell;

export interface CsvColumns<T> {
  header: readonly string[];
  row: (item: T) => ExportCell[];
}

/** RFC 4180 CSV with a header row; the byte-order mark tells spreadsheets it is UTF-8. */
export const csvFile = <T>(columns: CsvColumns<T>): FileFormat<T> => ({
  contentType: 'text/csv; charset=utf-8',
  open: `\ufeff${csvRecord(columns.header)}`,
  item: (item) => csvRecord(columns.row(item)),
  separator: '',
  close: '',
});

const list = (values: readonly unknown[] | undefined | null) => (values?.length ? values.map(String).join(';') : null);

/** The type fields of every finding type, each once, in the order of the contract. */
const DETAIL_FIELDS = [
  ...new Set([
    ...Object.keys(suspectFieldsSchema.shape),
    ...Object.keys(possibleVictimFieldsSchema.shape),
    ...Object.keys(siteAssessmentFieldsSchema.shape),
    ...Object.keys(linkFieldsSchema.shape),
  ]),
];

function detailCell(value: unknown): ExportCell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return list(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * One row per finding, flat: the common fields, every type field as its own column (empty when
 * the type has none), lists joined by ";". A finding the caller may not see in detail arrives
 * redacted from the list, so its detail cells are simply empty.
 */
export function findingColumns(teamNames: ReadonlyMap<string, string>): CsvColumns<Finding> {
  return {
    header: [
      'id',
      'createdAt',
      'updatedAt',
      'type',
      'status',
      'redacted',
      'teamId',
      'team',
      'targetId',
      'authorId',
      'duplicateOf',
      'reviewedBy',
      'reviewedAt',
      ...DETAIL_FIELDS,
      'identifiers',
      'indicators',
      'evidence',
      'notes',
      'version',
    ],
    row: (f) => {
      const details = f.details ?? {};
      return [
        f.id,
        f.createdAt,
        f.updatedAt,
        f.type,
        f.status,
        f.redacted,
        f.teamId,
        f.teamId ? (teamNames.get(f.teamId) ?? null) : null,
        f.targetId,
        f.authorId,
        f.duplicateOf,
        f.reviewedBy,
        f.reviewedAt,
        ...DETAIL_FIELDS.map((k) => detailCell(details[k])),
        list(f.identifiers.map((i) => `${i.kind}:${i.value}`)),
        list(f.indicators),
        list(f.evidence.map((e) => [e.capturedAt, e.url ?? e.fileName ?? '', `sha256:${e.sha256}`].filter(Boolean).join(' '))),
        f.notes,
        f.version,
      ];
    },
  };
}

/** One row per target, every field of the list. */
export function targetColumns(teamNames: ReadonlyMap<string, string>): CsvColumns<Target> {
  return {
    header: [
      'id',
      'createdAt',
      'updatedAt',
      'kind',
      'value',
      'normalized',
      'normalizationFailed',
      'platform',
      'category',
      'country',
      'language',
      'tags',
      'priority',
      'status',
      'outcome',
      'teamId',
      'team',
      'sourceFindingId',
      'notes',
      'version',
    ],
    row: (t) => [
      t.id,
      t.createdAt,
      t.updatedAt,
      t.kind,
      t.value,
      t.normalized,
      t.normalizationFailed,
      t.platform,
      t.category,
      t.country,
      t.language,
      list(t.tags),
      t.priority,
      t.status,
      t.outcome,
      t.teamId,
      t.teamId ? (teamNames.get(t.teamId) ?? null) : null,
      t.sourceFindingId,
      t.notes,
      t.version,
    ],
  };
}
