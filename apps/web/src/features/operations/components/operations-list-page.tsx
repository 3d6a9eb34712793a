import { Link } from 'react-router';
import type { Operation } from '@actionday/contracts';
import { useMe } from '../../../entities/auth';
import { Badge, QueryState } from '../../../shared/ui';
import { formatDate } from '../../../shared/format';
import { OPERATION_KIND_LABELS, ROLE_LABELS } from '../../../shared/labels';
import { useOperations } from '../../../entities/operations';
import { CreateOperationForm } from './create-operation-form';

const STATUS_ORDER = { live: 0, planning: 1, closed: 2 } as const;

function sortOperations(ops: Operation[]): Operation[] {
  return [...ops].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.startsAt.localeCompare(a.startsAt),
  );
}

export function OperationsListPage() {
  const operations = useOperations();
  const me = useMe();
  const canCreate = !!me.data && (me.data.user.canOrganize || me.data.user.isAdmin);

  return (
    <div className="page page-narrow">
      <h1>Operations</h1>
      <QueryState query={operations} label="Loading operations…">
        {(ops) =>
          ops.length === 0 ? (
            <p className="empty">You are not a member of any operation yet.</p>
          ) : (
            <ul className="operation-list">
              {sortOperations(ops).map((op) => (
                <li key={op.id} className="operation-item">
                  <div className="operation-item-title">
                    <Link to={`/operations/${op.id}`}>{op.name}</Link>
                    <Badge tone={op.status}>{op.status}</Badge>
                  </div>
                  <div className="muted small">
                    {OPERATION_KIND_LABELS[op.kind]} · {formatDate(op.startsAt, op.timezone)} – {formatDate(op.endsAt, op.timezone)} ·{' '}
                    {op.countries.join(', ')} · you: {ROLE_LABELS[op.myRole].toLowerCase()}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {canCreate ? <CreateOperationForm kindLabels={OPERATION_KIND_LABELS} /> : null}
    </div>
  );
}
