import { useTallies } from '../../tallies';
import { workloadRows } from '../workload';

/** Per team: assigned, in progress and done, from the live tallies already on the page. */
export function WorkloadTable({ operationId }: { operationId: string }) {
  const tallies = useTallies(operationId);
  if (!tallies.data) return null;
  const rows = workloadRows(tallies.data);
  if (rows.length === 0) return null;
  return (
    <section className="card table-scroll workload" aria-label="Workload">
      <table className="table count-table">
        <caption>Workload</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Assigned
            </th>
            <th scope="col" className="num">
              In progress
            </th>
            <th scope="col" className="num">
              Done
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.teamId}>
              <th scope="row">{r.name}</th>
              <td className="num">{r.assigned.toLocaleString('en')}</td>
              <td className="num">{r.inProgress.toLocaleString('en')}</td>
              <td className="num">{r.done.toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
