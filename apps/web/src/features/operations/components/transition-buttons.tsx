import { useState } from 'react';
import type { Operation } from '@actionday/contracts';
import { Button, ConfirmDialog, ErrorMessage } from '../../../shared/ui';
import { useTransitionOperation } from '../api/transition-operation';

/** Organizer only: planning -> live -> closed. Closing asks first: it cannot be undone. */
export function TransitionButtons({ operation }: { operation: Operation }) {
  const transition = useTransitionOperation(operation.id);
  const [confirming, setConfirming] = useState(false);
  if (operation.myRole !== 'organizer' || operation.status === 'closed') return null;
  return (
    <div className="transition-buttons">
      {operation.status === 'planning' ? (
        <>
          <Button variant="primary" busy={transition.isPending} onClick={() => transition.mutate('live')}>
            Go live
          </Button>
          <ErrorMessage error={transition.error} />
        </>
      ) : (
        <>
          <Button
            variant="danger"
            title="Ends the day and freezes the tallies"
            onClick={() => {
              transition.reset();
              setConfirming(true);
            }}
          >
            Close the day
          </Button>
          <ConfirmDialog
            open={confirming}
            title="Close the day?"
            confirmLabel="Close the day"
            tone="danger"
            busy={transition.isPending}
            error={transition.error}
            onCancel={() => setConfirming(false)}
            onConfirm={() => transition.mutate('closed', { onSuccess: () => setConfirming(false) })}
          >
            <p>
              Closing is <strong>irreversible</strong>. The tallies freeze as they are now and are kept as an immutable snapshot; no
              target, finding or review can be changed afterwards.
            </p>
            <p>Once closed, you can publish a public summary of the frozen figures.</p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
