import { useTallies } from '../../../entities/tallies';
import { DataTable, type DataTableColumn } from '../../../shared/ui';
import { workloadRows } from '../workload';

type WorkloadRow = ReturnType<typeof workloadRows>[number];

const WORKLOAD_COLUMNS: DataTableColumn<WorkloadRow>[] = [
  { key: 'team', header: 'Team', rowHeader: true, cell: (r) => r.name, sortValue: (r) => r.name },
  { key: 'assigned', header: 'Assigned', numeric: true, cell: (r) => r.assigned.toLocaleString('en'), sortValue: (r) => r.assigned },
  { key: 'inProgress', header: 'In progress', numeric: true, cell: (r) => r.inProgress.toLocaleString('en'), sortValue: (r) => r.inProgress },
  { key: 'done', header: 'Done', numeric: true, cell: (r) => r.done.toLocaleString('en'), sortValue: (r) => r.done },
];

/** Per team: assigned, in progress and done, from the live tallies already on the page. */
export function WorkloadTable({ operationId }: { operationId: string }) {
  const tallies = useTallies(operationId);
  if (!tallies.data) return null;
  const rows = workloadRows(tallies.data);
  if (rows.length === 0) return null;
  return (
    <section className="card workload" aria-label="Workload">
      <DataTable
        className="count-table"
        caption="Workload"
        columns={WORKLOAD_COLUMNS}
        rows={rows}
        rowKey={(r) => r.teamId}
      />
    </section>
  );
}
