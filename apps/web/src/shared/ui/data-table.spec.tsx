/** @jest-environment jsdom */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataTable, type DataTableColumn } from './data-table';

/**
 * The shared table: headers sort by click and by keyboard (Enter, Space) with aria-sort, a
 * truncated cell's full value is in its title and in the row's details (opened by a button), and
 * an empty list shows the empty state.
 */

interface Site {
  id: string;
  name: string;
  url: string;
  hits: number | null;
}

const sites: Site[] = [
  { id: 'a', name: 'Bravo', url: 'https://bravo.example/a/very/long/path/that/does/not/fit/in/the/column', hits: 12 },
  { id: 'b', name: 'alpha', url: 'https://alpha.example/', hits: 3 },
  { id: 'c', name: 'Charlie', url: 'https://charlie.example/', hits: null },
];

const columns: DataTableColumn<Site>[] = [
  { key: 'name', header: 'Name', cell: (s) => s.name, sortValue: (s) => s.name, rowHeader: true },
  { key: 'url', header: 'Address', cell: (s) => <a href={s.url}>{s.url}</a>, text: (s) => s.url, truncate: true, width: '12rem' },
  { key: 'hits', header: 'Hits', cell: (s) => (s.hits === null ? '—' : s.hits), sortValue: (s) => s.hits, numeric: true },
];

const names = () =>
  within(screen.getByRole('table', { name: 'Sites' }))
    .getAllByRole('rowheader')
    .map((c) => c.textContent);

describe('DataTable', () => {
  it('sorts by a header button on click, with aria-sort on the header', async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Sites" columns={columns} rows={sites} rowKey={(s) => s.id} />);
    const name = screen.getByRole('columnheader', { name: 'Name' });
    const hits = screen.getByRole('columnheader', { name: 'Hits' });
    // Unsorted: the given order, both sortable headers say "none"; the address is not sortable.
    expect(names()).toEqual(['Bravo', 'alpha', 'Charlie']);
    expect(name.getAttribute('aria-sort')).toBe('none');
    expect(screen.getByRole('columnheader', { name: 'Address' }).hasAttribute('aria-sort')).toBe(false);
    expect(within(screen.getByRole('columnheader', { name: 'Address' })).queryByRole('button')).toBeNull();

    await user.click(within(name).getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['alpha', 'Bravo', 'Charlie']);
    expect(name.getAttribute('aria-sort')).toBe('ascending');

    await user.click(within(name).getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['Charlie', 'Bravo', 'alpha']);
    expect(name.getAttribute('aria-sort')).toBe('descending');

    // Another column: ascending first, numbers as numbers, the empty value last; Name back to none.
    await user.click(within(hits).getByRole('button', { name: 'Hits' }));
    expect(names()).toEqual(['alpha', 'Bravo', 'Charlie']);
    expect(hits.getAttribute('aria-sort')).toBe('ascending');
    expect(name.getAttribute('aria-sort')).toBe('none');
    await user.click(within(hits).getByRole('button', { name: 'Hits' }));
    expect(names()).toEqual(['Bravo', 'alpha', 'Charlie']);
  });

  it('sorts by keyboard: Tab to the header button, Enter and Space toggle the direction', async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Sites" columns={columns} rows={sites} rowKey={(s) => s.id} defaultSort={{ key: 'hits', direction: 'desc' }} />);
    expect(names()).toEqual(['Bravo', 'alpha', 'Charlie']);
    expect(screen.getByRole('columnheader', { name: 'Hits' }).getAttribute('aria-sort')).toBe('descending');

    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Name' }));
    await user.keyboard('{Enter}');
    expect(names()).toEqual(['alpha', 'Bravo', 'Charlie']);
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
    await user.keyboard(' ');
    expect(names()).toEqual(['Charlie', 'Bravo', 'alpha']);
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: 'Hits' }).getAttribute('aria-sort')).toBe('none');
  });

  it('truncates to one line with the full value in title and in a details row opened by the row button', async () => {
    const user = userEvent.setup();
    const { container } = render(<DataTable caption="Sites" columns={columns} rows={sites} rowKey={(s) => s.id} rowLabel={(s) => s.name} />);
    // Widths are declared: fixed layout, with a <col> per column and one for the details buttons.
    expect(container.querySelector('table')?.classList.contains('data-table-fixed')).toBe(true);
    expect(container.querySelectorAll('col')).toHaveLength(4);

    const long = sites[0].url;
    const cell = screen.getByRole('link', { name: long }).closest('td');
    expect(cell?.classList.contains('cell-truncate')).toBe(true);
    expect(screen.getByRole('link', { name: long }).parentElement?.getAttribute('title')).toBe(long);

    const toggle = screen.getByRole('button', { name: 'Show the full text of Bravo' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getAllByRole('row')).toHaveLength(4);

    await user.click(toggle);
    const open = screen.getByRole('button', { name: 'Hide the full text of Bravo' });
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const details = document.getElementById(open.getAttribute('aria-controls') ?? '');
    expect(details?.tagName).toBe('TR');
    expect(within(details as HTMLElement).getByRole('term').textContent).toBe('Address');
    expect(within(details as HTMLElement).getByRole('definition').textContent).toBe(long);
    expect(screen.getAllByRole('row')).toHaveLength(5);

    // By keyboard as well: it is a button.
    open.focus();
    await user.keyboard('{Enter}');
    expect(screen.getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Show the full text of Bravo' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the empty state instead of the table, or as its only row', () => {
    const { rerender } = render(<DataTable caption="Sites" columns={columns} rows={[]} rowKey={(s) => s.id} empty="No sites yet." />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No sites yet.').className).toBe('empty');

    rerender(<DataTable caption="Sites" columns={columns} rows={[]} rowKey={(s) => s.id} empty="None yet" emptyInTable />);
    const table = screen.getByRole('table', { name: 'Sites' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByRole('cell').textContent).toBe('None yet');
    expect(within(rows[1]).getByRole('cell').getAttribute('colspan')).toBe('4');
  });

  it('passes row attributes and handlers through, and renders an expanded row under a row', async () => {
    const user = userEvent.setup();
    const clicked: string[] = [];
    render(
      <DataTable
        aria-label="Plain"
        columns={[{ key: 'name', header: 'Name', cell: (s: Site) => s.name }]}
        rows={sites}
        rowKey={(s) => s.id}
        rowProps={(s) => ({ 'data-site': s.id, className: s.id === 'b' ? 'selected' : undefined, onClick: () => clicked.push(s.id) })}
        renderExpanded={(s) => (s.id === 'c' ? <span>Form for {s.name}</span> : null)}
        expandedRowClassName="close-row"
      />,
    );
    const table = screen.getByRole('table', { name: 'Plain' });
    expect(table.querySelectorAll('col')).toHaveLength(0);
    expect(table.querySelector('tr[data-site="b"]')?.className).toBe('selected');
    await user.click(screen.getByText('alpha'));
    expect(clicked).toEqual(['b']);
    expect(screen.getByText('Form for Charlie').closest('tr')?.className).toBe('close-row');
    // No truncating column: no details buttons.
    expect(screen.queryByRole('button')).toBeNull();
  });
});
