import type { Target } from '@actionday/contracts';
import { Badge } from '../../../shared/ui';
import { TARGET_OUTCOME_LABELS, TARGET_STATUS_LABELS } from '../../../shared/labels';

export function TargetStatus({ target }: { target: Pick<Target, 'status' | 'outcome'> }) {
  return (
    <span className="target-status">
      <Badge tone={target.status} data-status={target.status}>
        {TARGET_STATUS_LABELS[target.status]}
      </Badge>
      {target.status === 'done' && target.outcome ? (
        <Badge tone={`outcome-${target.outcome}`} data-outcome={target.outcome}>
          {TARGET_OUTCOME_LABELS[target.outcome]}
        </Badge>
      ) : null}
    </span>
  );
}
