import { Fragment, useId, useMemo, useState, type ComponentPropsWithRef, type CSSProperties, type ReactNode, type Ref } from 'react';

/** Attributes of one body row (handlers, class, ref, data-*), from `rowProps`. */
export type DataTableRowProps = ComponentPropsWithRef<'tr'> & { [data: `data-${string}`]: string | number | boolean | undefined };

export type SortDirection = 'asc' | 'desc';
export interface DataTableSort {
  key: string;
  direction: SortDirection;
}

export interface DataTableColumn<T> {
  /** Unique among the columns: React key, sort key. */
  key: string;
  header: ReactNode;
  /** The header as plain text, where `header` is not a string (details row, sort button). */
  label?: string;
  cell: (row: T, index: number) => ReactNode;
  /** The cell as plain text: the `title` and the full value of a truncated cell. */
  text?: (row: T) => string;
  /** Makes the header a sort button; numbers compare as numbers, strings by locale, empty last. */
  sortValue?: (row: T) => SortValue;
  /** A CSS width for the column (`<col>`): the table then lays out fixed (`table-layout: fixed`). */
  width?: string;
  /** The narrowest a wrapping cell may get (auto layout), so that long words never wrap letter by letter. */
  minWidth?: string;
  /** One line with an ellipsis; the full value in `title` and in the row's details (the row's "Full text" button). */
  truncate?: boolean;
  /** Never wraps (dates, short codes). */
  nowrap?: boolean;
  /**
   * Names (teams, countries): wrap between words only, the column widening for its longest word
   * rather than breaking it. The default breaks anywhere, for URLs and identifiers.
   */
  wordsOnly?: boolean;
  /** Numbers: right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cells are `<th scope="row">` (the row's name). */
  rowHeader?: boolean;
  /** Extra class of the body cells (the header's is `headerClassName`). */
  className?: string | ((row: T) => string | undefined);
  headerClassName?: string;
}

export interface DataTableProps<T> {
  columns: readonly (DataTableColumn<T> | false | null | undefined)[];
  rows: readonly T[];
  /** A stable key per row; the index (after sorting) only for rows that have nothing unique. */
  rowKey: (row: T, index: number) => string;
  caption?: ReactNode;
  captionId?: string;
  captionClassName?: string;
  'aria-label'?: string;
  'aria-labelledby'?: string;
  /** Extra classes of the `<table>` (besides `table data-table`). */
  className?: string;
  /** Extra classes of the scroll container around the table. */
  scrollClassName?: string;
  /** Height of the scroll container: past it, the body scrolls under the sticky header. */
  maxHeight?: number | string;
  scrollRef?: Ref<HTMLDivElement>;
  /** Below this width the container scrolls sideways rather than squeezing the columns further. */
  minWidth?: string;
  /** Shown instead of the table when there are no rows; with `emptyInTable`, as the table's only row. */
  empty?: ReactNode;
  emptyInTable?: boolean;
  /** Sort before the first click; without it, the rows keep the order they are given in. */
  defaultSort?: DataTableSort;
  /** After sorting, only the first `limit` rows are rendered ("Show more" stays the caller's). */
  limit?: number;
  rowProps?: (row: T, index: number) => DataTableRowProps;
  /** Names a row for the "Full text" button of truncated rows (default: its position). */
  rowLabel?: (row: T) => string;
  /** A full-width row under a row (a form, a confirmation), or null. */
  renderExpanded?: (row: T) => ReactNode;
  expandedRowClassName?: string;
  /** Virtualized bodies: the given rows are the window, these keep the scroll height. */
  padTop?: number;
  padBottom?: number;
  tableProps?: Omit<ComponentPropsWithRef<'table'>, 'className' | 'children'> & { [data: `data-${string}`]: string | number | undefined };
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

type SortValue = string | number | null | undefined;

const isEmpty = (v: SortValue): v is null | undefined | '' => v === null || v === undefined || v === '';

/** Two present values: numbers as numbers, strings by locale (digits by value, case ignored). */
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

function plainText<T>(column: DataTableColumn<T>, row: T, index: number): string {
  if (column.text) return column.text(row);
  const v = column.cell(row, index);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function headerText<T>(column: DataTableColumn<T>): string {
  return column.label ?? (typeof column.header === 'string' ? column.header : column.key);
}

function cellClass<T>(column: DataTableColumn<T>, row: T): string | undefined {
  const own = typeof column.className === 'function' ? column.className(row) : column.className;
  const classes = [
    column.numeric ? 'num' : '',
    column.nowrap ? 'nowrap' : '',
    column.truncate ? 'cell-truncate' : column.wordsOnly ? 'cell-words' : 'cell-wrap',
    own ?? '',
  ];
  return classes.filter(Boolean).join(' ') || undefined;
}

/**
 * The app's one table: declared columns (header, cell, optional sort, width and truncation), a
 * sticky header inside its own scroll box, stable row keys and an empty state. Long values wrap
 * anywhere (never letter by letter: cells keep a minimum width) or, with `truncate`, stay on one
 * line with the full value in `title` and in a details row that the row's "Full text" button
 * opens, for keyboard and touch as well as mouse.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowKey, rowProps, renderExpanded, limit } = props;
  const columns = useMemo(() => props.columns.filter((c): c is DataTableColumn<T> => !!c), [props.columns]);
  const [sort, setSort] = useState<DataTableSort | null>(props.defaultSort ?? null);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const baseId = useId();

  const sortColumn = sort ? columns.find((c) => c.key === sort.key && c.sortValue) : undefined;
  const sorted = useMemo(() => {
    const value = sortColumn?.sortValue;
    if (!value || !sort) return rows;
    const factor = sort.direction === 'asc' ? 1 : -1;
    // Decorated, so that each value is computed once and equal values keep their order.
    return rows
      .map((row, i) => ({ row, i, v: value(row) }))
      .sort((a, b) => {
        // Empty values last in either direction.
        if (isEmpty(a.v) || isEmpty(b.v)) return isEmpty(a.v) === isEmpty(b.v) ? a.i - b.i : isEmpty(a.v) ? 1 : -1;
        return compareValues(a.v, b.v) * factor || a.i - b.i;
      })
      .map((d) => d.row);
  }, [rows, sortColumn, sort]);
  const shown = limit !== undefined ? sorted.slice(0, limit) : sorted;

  const truncated = columns.filter((c) => c.truncate);
  const hasDetails = truncated.length > 0;
  const span = columns.length + (hasDetails ? 1 : 0);
  const fixed = columns.some((c) => c.width);

  const toggleSort = (key: string) =>
    setSort((s) => (s && s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }));
  const toggleOpen = (key: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  if (rows.length === 0 && !props.emptyInTable) return props.empty === undefined ? null : <p className="empty">{props.empty}</p>;

  const scrollStyle: CSSProperties | undefined = props.maxHeight !== undefined ? { maxHeight: props.maxHeight } : undefined;
  const tableStyle: CSSProperties | undefined = props.minWidth ? { minWidth: props.minWidth } : undefined;

  return (
    <div className={['data-table-scroll', props.scrollClassName ?? ''].filter(Boolean).join(' ')} ref={props.scrollRef} style={scrollStyle}>
      <table
        {...props.tableProps}
        className={['table data-table', fixed ? 'data-table-fixed' : '', props.className ?? ''].filter(Boolean).join(' ')}
        aria-label={props['aria-label']}
        aria-labelledby={props['aria-labelledby']}
        style={tableStyle}
      >
        {props.caption !== undefined ? (
          <caption id={props.captionId} className={props.captionClassName}>
            {props.caption}
          </caption>
        ) : null}
        {fixed ? (
          <colgroup>
            {columns.map((c) => (
              <col key={c.key} style={c.width ? { width: c.width } : undefined} />
            ))}
            {hasDetails ? <col className="data-table-details-col" /> : null}
          </colgroup>
        ) : null}
        <thead>
          <tr>
            {columns.map((c) => {
              const direction = sort && sortColumn?.key === c.key ? sort.direction : null;
              const classes = [c.numeric ? 'num' : '', c.headerClassName ?? ''].filter(Boolean).join(' ') || undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={classes}
                  aria-sort={c.sortValue ? (direction ? ARIA_SORT[direction] : 'none') : undefined}
                  style={c.minWidth && !fixed ? { minWidth: c.minWidth } : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" className="data-table-sort" onClick={() => toggleSort(c.key)}>
                      {c.header}
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
            {hasDetails ? (
              <th scope="col" className="data-table-details-cell">
                <span className="sr-only">Full text</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.padTop ? (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={span} style={{ height: props.padTop }} />
            </tr>
          ) : null}
          {rows.length === 0 ? (
            <tr className="data-table-empty">
              <td colSpan={span} className="muted">
                {props.empty}
              </td>
            </tr>
          ) : null}
          {shown.map((row, index) => {
            const key = rowKey(row, index);
            const isOpen = hasDetails && open.has(key);
            const detailsId = `${baseId}-details-${index}`;
            const expanded = renderExpanded?.(row);
            const rowName = props.rowLabel ? props.rowLabel(row) : `row ${index + 1}`;
            return (
              <Fragment key={key}>
                <tr {...rowProps?.(row, index)}>
                  {columns.map((c) => {
                    const Cell = c.rowHeader ? 'th' : 'td';
                    const content = c.cell(row, index);
                    return (
                      <Cell
                        key={c.key}
                        scope={c.rowHeader ? 'row' : undefined}
                        className={cellClass(c, row)}
                        style={c.minWidth && !fixed ? { minWidth: c.minWidth } : undefined}
                      >
                        {c.truncate ? (
                          <div className="truncate" title={plainText(c, row, index) || undefined}>
                            {content}
                          </div>
                        ) : (
                          content
                        )}
                      </Cell>
                    );
                  })}
                  {hasDetails ? (
                    <td className="data-table-details-cell">
                      <button
                        type="button"
                        className="btn btn-link btn-small data-table-details-toggle"
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? detailsId : undefined}
                        aria-label={`${isOpen ? 'Hide' : 'Show'} the full text of ${rowName}`}
                        title={isOpen ? 'Hide the full text' : 'Show the full text'}
                        onClick={(e) => {
                          e.stopPropagation();
                          toggleOpen(key);
                        }}
                      >
                        <span aria-hidden="true">{isOpen ? '▴' : '▾'}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
                {isOpen ? (
                  <tr id={detailsId} className="data-table-details">
                    <td colSpan={span}>
                      <dl className="data-table-full">
                        {truncated.map((c) => (
                          <div key={c.key}>
                            <dt>{headerText(c)}</dt>
                            <dd>{plainText(c, row, index) || '—'}</dd>
                          </div>
                        ))}
                      </dl>
                    </td>
                  </tr>
                ) : null}
                {expanded ? (
                  <tr className={props.expandedRowClassName}>
                    <td colSpan={span}>{expanded}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
          {props.padBottom ? (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={span} style={{ height: props.padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
