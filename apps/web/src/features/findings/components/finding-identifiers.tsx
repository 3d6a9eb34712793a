import type { Finding, Identifier, Target } from '@actionday/contracts';
import { useAssignTargets, useSnowball } from '../../targets';
import { Button, ErrorMessage } from '../../../shared/ui';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/labels';
import { snowballStatus } from '../snowball-status';

export interface FindingIdentifiersProps {
  operationId: string;
  finding: Finding;
  /** Officers and above: "Make target from …". */
  canSnowball: boolean;
  /** Coordinators and above: "Assign to <team>". */
  canAssign: boolean;
  teamName: (id: string) => string | undefined;
  /** The cached target by id: its team may be newer than the snowball response. */
  targetById: (id: string) => Target | undefined;
}

interface RowProps extends Omit<FindingIdentifiersProps, 'finding'> {
  findingId: string;
  identifier: Identifier;
  index: number;
}

function IdentifierRow({ operationId, findingId, identifier, index, canSnowball, canAssign, teamName, targetById }: RowProps) {
  const snowball = useSnowball(operationId);
  const assign = useAssignTargets(operationId);
  const result = snowball.data;
  const target = result ? (targetById(result.target.id) ?? result.target) : undefined;
  const status = result && target ? snowballStatus(result, target.teamId, teamName) : null;

  return (
    <li className="identifier-item" data-kind={identifier.kind}>
      <span className="tag">{IDENTIFIER_KIND_LABELS[identifier.kind]}</span> <span className="target-value">{identifier.value}</span>
      {identifier.platform ? <span className="muted"> @ {identifier.platform}</span> : null}
      {identifier.normalized && identifier.normalized !== identifier.value ? (
        <span className="muted small"> ({identifier.normalized})</span>
      ) : null}
      {canSnowball ? (
        <>
          {' '}
          <Button
            size="small"
            busy={snowball.isPending}
            onClick={() => {
              assign.reset();
              snowball.mutate({ findingId, identifierIndex: index });
            }}
          >
            Make target from {identifier.value}
          </Button>
        </>
      ) : null}
      {status && target ? (
        <div className="snowball-status small" role="status" data-created={result?.created ? 'true' : 'false'}>
          <span>{status.message}</span>
          {canAssign && status.assignTo ? (
            <>
              {' '}
              <Button
                size="small"
                variant="primary"
                busy={assign.isPending}
                onClick={() => status.assignTo && assign.mutate({ teamId: status.assignTo.id, targetIds: [target.id] })}
              >
                {status.assignTo.label}
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={snowball.error} className="small" />
      <ErrorMessage error={assign.error} className="small" />
    </li>
  );
}

/** A finding's identifiers, each of which an officer can turn into a target (snowballing). */
export function FindingIdentifiers({ finding, ...rest }: FindingIdentifiersProps) {
  if (finding.redacted || finding.identifiers.length === 0) return null;
  return (
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
  );
}
