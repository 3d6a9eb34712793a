import type { FindingType, Team } from '@actionday/contracts';
import { FindingTypeOptions } from '../../../entities/findings';
import { TeamOptions } from '../../../entities/operations';
import { Checkbox, Field } from '../../../shared/ui';
import type { QueueFilter } from '../review-queue';

export interface ReviewToolbarProps {
  filter: QueueFilter;
  onFilter: (update: (f: QueueFilter) => QueueFilter) => void;
  teams: Team[] | undefined;
  showReviewed: boolean;
  onShowReviewed: (show: boolean) => void;
  reviewedCount: number;
}

/** The queue's filters: by type, by team, and whether reviewed findings are listed too. */
export function ReviewToolbar({ filter, onFilter, teams, showReviewed, onShowReviewed, reviewedCount }: ReviewToolbarProps) {
  return (
    <div className="toolbar">
      <Field label="Type">
        {(p) => (
          <select {...p} value={filter.type ?? ''} onChange={(e) => onFilter((f) => ({ ...f, type: (e.target.value || undefined) as FindingType | undefined }))}>
            <option value="">All types</option>
            <FindingTypeOptions />
          </select>
        )}
      </Field>
      <Field label="Team">
        {(p) => (
          <select {...p} value={filter.teamId ?? ''} onChange={(e) => onFilter((f) => ({ ...f, teamId: e.target.value || undefined }))}>
            <option value="">All teams</option>
            <TeamOptions teams={teams} />
          </select>
        )}
      </Field>
      <Checkbox label={`Show reviewed (${reviewedCount})`} checked={showReviewed} onChange={onShowReviewed} />
    </div>
  );
}
