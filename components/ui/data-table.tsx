import type { ReactNode } from "react";

/**
 * The one table of the pages: a header row of column labels (numbers right-aligned), an optional
 * caption, the rows given as children, inside a wrapper that scrolls sideways on a narrow screen
 * (positioned, so a screen-reader-only label inside never widens the page).
 */

export type CellGap = "pr-3" | "pr-4" | "pr-6";

export interface TableColumn {
  /** React key; defaults to the label when that is a string. */
  key?: string;
  label: ReactNode;
  /** Right-aligned, as numbers are. */
  numeric?: boolean;
  /** Further classes on this header cell (e.g. "py-1", "font-mono text-xs"). */
  className?: string;
  /** This cell's right padding instead of the table's cellGap; "none" for no right padding. */
  gap?: CellGap | "none";
  /** How the rows are sorted by this column, for a table the reader sorts (aria-sort). */
  sort?: "ascending" | "descending" | "none";
}

export interface DataTableProps {
  /** Columns in order; null or false leaves a conditional column out. */
  columns: (TableColumn | null | false)[];
  caption?: ReactNode;
  captionClassName?: string;
  /** Classes added to the table's own (spacing, width). */
  className?: string;
  /** The text size of the whole table. */
  size?: "sm" | "xs";
  /** The right padding of every header cell but the last. */
  cellGap?: CellGap;
  /** The last header cell gets its padding too, for tables whose last column's cells are padded. */
  padLast?: boolean;
  /** A rule under the header row; off for a matrix whose row labels are headers too. */
  headRule?: boolean;
  testId?: string;
  children: ReactNode;
}

function headerClass(column: TableColumn, last: boolean, cellGap: CellGap, padLast: boolean): string | undefined {
  const gap = column.gap ?? cellGap;
  const padding = gap === "none" || (last && !padLast) ? "" : gap;
  return [padding, column.numeric ? "text-right" : "", column.className ?? ""].filter(Boolean).join(" ") || undefined;
}

export function DataTable({
  columns,
  caption,
  captionClassName = "text-left text-slate-500",
  className = "",
  size = "sm",
  cellGap = "pr-4",
  padLast = false,
  headRule = true,
  testId,
  children,
}: DataTableProps) {
  const shown = columns.filter((c): c is TableColumn => Boolean(c));
  return (
    <div className="relative overflow-x-auto">
      <table className={[size === "xs" ? "text-xs" : "text-sm", "tabular-nums", className].filter(Boolean).join(" ")} data-testid={testId}>
        {caption !== undefined ? <caption className={captionClassName}>{caption}</caption> : null}
        <thead className={headRule ? "border-b border-slate-300 text-left" : "text-left"}>
          <tr>
            {shown.map((column, k) => (
              <th
                key={column.key ?? (typeof column.label === "string" ? column.label : k)}
                scope="col"
                className={headerClass(column, k === shown.length - 1, cellGap, padLast)}
                aria-sort={column.sort}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
