import type { Operation } from '@actionday/contracts';
import { Button, ErrorMessage } from '../../../shared/ui';
import { useTransitionOperation } from '../api/transition-operation';

/** Organizer only: planning -> live -> closed. */
export function TransitionButtons({ operation }: { operation: Operation }) {
  const transition = useTransitionOperation(operation.id);
  if (operation.myRole !== 'organizer' || operation.status === 'closed') return null;
  return (
    <div className="transition-buttons">
      {operation.status === 'planning' ? (
        <Button variant="primary" busy={transition.isPending} onClick={() => transition.mutate('live')}>
          Go live
        </Button>
      ) : (
        <Button
          variant="danger"
          busy={transition.isPending}
          title="Ends the day and freezes the tallies"
          onClick={() => transition.mutate('closed')}
        >
          Close operation
        </Button>
      )}
      <ErrorMessage error={transition.error} />
    </div>
  );
}
