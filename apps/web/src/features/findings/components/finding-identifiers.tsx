import type { ReactNode } from 'react';
import type { Finding, Identifier, Target } from '@actionday/contracts';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/labels';
import { formatDateTime } from '../../../shared/format';
import { formatBytes } from '../evidence';
import { findingDetailRows } from '../finding-details';

/** One identifier of a finding, for what can be done with it (e.g. the targets feature's snowballing). */
export interface IdentifierActionsProps {
  operationId: string;
  findingId: string;
  identifier: Identifier;
  index: number;
  teamName: (id: string) => string | undefined;
  /** The cached target by id: its team may be newer than a snowball response. */
  targetById: (id: string) => Target | undefined;
}

export interface FindingIdentifiersProps {
  operationId: string;
  finding: Finding;
  /** After each identifier: what may be done with it (officers and above: "Make target from …"), composed by the app. */
  renderActions?: (props: IdentifierActionsProps) => ReactNode;
  teamName: (id: string) => string | undefined;
  /** The cached target by id. */
  targetById: (id: string) => Target | undefined;
}

interface RowProps extends Omit<FindingIdentifiersProps, 'finding'> {
  findingId: string;
  identifier: Identifier;
  index: number;
}

function IdentifierRow({ renderActions, ...props }: RowProps) {
  const { identifier } = props;
  return (
    <li className="identifier-item" data-kind={identifier.kind}>
      <span className="tag">{IDENTIFIER_KIND_LABELS[identifier.kind]}</span> <span className="target-value">{identifier.value}</span>
      {identifier.platform ? <span className="muted"> @ {identifier.platform}</span> : null}
      {identifier.normalized && identifier.normalized !== identifier.value ? (
        <span className="muted small"> ({identifier.normalized})</span>
      ) : null}
      {renderActions?.(props)}
    </li>
  );
}

/** Everything a finding holds beyond its summary line: type fields, evidence and notes, read-only. */
function FindingDetails({ finding, targetById }: { finding: Finding; targetById: (id: string) => Target | undefined }) {
  const rows = findingDetailRows(finding, (id) => targetById(id)?.value ?? undefined);
  const evidence = finding.evidence;
  const notes = finding.notes?.trim();
  if (rows.length === 0 && evidence.length === 0 && !notes) return null;
  const parts = [rows.length ? 'details' : '', evidence.length ? `${evidence.length} evidence` : '', notes ? 'notes' : ''].filter(Boolean);
  return (
    <details className="finding-details small">
      <summary>Show {parts.join(', ')}</summary>
      {rows.length > 0 ? (
        <dl className="detail-rows">
          {rows.map((r) => (
            <div key={r.label}>
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {evidence.length > 0 ? (
        <ul className="evidence-list read-only" aria-label="Evidence">
          {evidence.map((e, i) => (
            <li key={`${e.sha256}-${i}`}>
              <span className="evidence-name">{e.fileName ?? 'Capture'}</span>
              {e.size !== undefined ? <span className="muted"> · {formatBytes(e.size)}</span> : null}
              <span className="muted"> · captured {formatDateTime(e.capturedAt)}</span>
              <div>
                SHA-256 <code className="hash">{e.sha256}</code>
              </div>
              {/* Shown as text, not a link: no accidental visit to the site from a police workstation. */}
              {e.url ? <div className="target-value">{e.url}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {notes ? <p className="finding-notes">{notes}</p> : null}
    </details>
  );
}

/**
 * A finding's identifiers, each of which an officer can turn into a target (snowballing), then its
 * type fields, evidence and notes behind a disclosure.
 */
export function FindingIdentifiers({ finding, ...rest }: FindingIdentifiersProps) {
  if (finding.redacted) return null;
  return (
    <>
      {finding.identifiers.length > 0 ? (
        <ul className="identifier-list small" aria-label="Identifiers">
          {finding.identifiers.map((identifier, index) => (
            <IdentifierRow
              key={`${index}-${identifier.kind}-${identifier.normalized}`}
              findingId={finding.id}
              identifier={identifier}
              index={index}
              {...rest}
            />
          ))}
        </ul>
      ) : null}
      <FindingDetails finding={finding} targetById={rest.targetById} />
    </>
  );
}
