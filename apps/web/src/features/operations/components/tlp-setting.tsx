import { TLP_LEVELS, type Operation, type Tlp } from '@actionday/contracts';
import { ErrorMessage } from '../../../shared/ui';
import { TLP_LABELS } from '../../../shared/labels';
import { useUpdateOperation } from '../api/update-operation';

/**
 * The TLP level the operation's MISP and STIX exports carry: organizers change it until the day
 * closes, everyone else reads it.
 */
export function TlpSetting({ operation }: { operation: Operation }) {
  const update = useUpdateOperation(operation.id);
  const editable = operation.myRole === 'organizer' && operation.status !== 'closed';
  return (
    <div className="field tlp-setting">
      <label htmlFor="operation-tlp">Shared as</label>
      {editable ? (
        <select
          id="operation-tlp"
          value={operation.tlp}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ tlp: e.target.value as Tlp, version: operation.version })}
        >
          {TLP_LEVELS.map((level) => (
            <option key={level} value={level}>
              {TLP_LABELS[level]}
            </option>
          ))}
        </select>
      ) : (
        <output id="operation-tlp" data-testid="operation-tlp">
          {TLP_LABELS[operation.tlp]}
        </output>
      )}
      <ErrorMessage error={update.error} />
    </div>
  );
}
