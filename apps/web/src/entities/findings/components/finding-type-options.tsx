import { FINDING_TYPES } from '@actionday/contracts';
import { FINDING_TYPE_LABELS } from '../../../shared/labels';

/** One <option> per finding type: the body of the type picker and of every type filter. */
export function FindingTypeOptions() {
  return (
    <>
      {FINDING_TYPES.map((t) => (
        <option key={t} value={t}>
          {FINDING_TYPE_LABELS[t]}
        </option>
      ))}
    </>
  );
}
