import type { Identifier, Target } from '@actionday/contracts';
import { Button, ErrorMessage } from '../../../shared/ui';
import { useAssignTargets } from '../api/assign-targets';
import { useSnowball } from '../api/snowball';
import { snowballStatus } from '../snowball-status';

export interface SnowballActionProps {
  operationId: string;
  findingId: string;
  identifier: Identifier;
  /** The identifier's position in the finding (what the API snowballs). */
  index: number;
  /** Coordinators and above: "Assign to <team>". */
  canAssign: boolean;
  teamName: (id: string) => string | undefined;
  /** The cached target by id: its team may be newer than the snowball response. */
  targetById: (id: string) => Target | undefined;
}

/**
 * "Make target from …" after an identifier of a finding (snowballing), then what came of it: a new
 * target or the one it already is, its team, and an offer to assign it to the suggested team.
 */
export function SnowballAction({ operationId, findingId, identifier, index, canAssign, teamName, targetById }: SnowballActionProps) {
  const snowball = useSnowball(operationId);
  const assign = useAssignTargets(operationId);
  const result = snowball.data;
  const target = result ? (targetById(result.target.id) ?? result.target) : undefined;
  const status = result && target ? snowballStatus(result, target.teamId, teamName) : null;

  return (
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
    </>
  );
}
