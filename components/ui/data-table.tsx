import type { ReactNode } from "react";

/**
 * The one table of the pages: a header row of column labels (numbers right-aligned), an optional
 * caption, the rows given as children, inside a wrapper that scrolls sideways on a narrow screen
 * (positioned, so a screen-reader-only label inside never widens the page).
 */

export interface TableColumn {
  /** React key; defaults to the label when that is a string. */
  key?: string;
  label: ReactNode;
  /** Right-aligned, as numbers are. */
  numeric?: boolean;
  /** Further classes on this header cell (e.g. "py-1", "font-mono text-xs"). */
  className?: string;
  /** This cell's right padding instead of the table's cellGap. */
  gap?: "pr-3" | "pr-4" | "pr-6";
}

export interface DataTableProps {
  /** Columns in order; null or false leaves a conditional column out. */
  columns: (TableColumn | null | false)[];
  caption?: ReactNode;
  captionClassName?: string;
  /** Classes added to the table's own (spacing, width). */
  className?: string;
  /** The right padding of every header cell but the last. */
  cellGap?: "pr-3" | "pr-4" | "pr-6";
  testId?: string;
  children: ReactNode;
}

export function DataTable({ columns, caption, captionClassName = "text-left text-slate-500", className = "", cellGap = "pr-4", testId, children }: DataTableProps) {
  const shown = columns.filter((c): c is TableColumn => Boolean(c));
  return (
    <div className="relative overflow-x-auto">
      <table className={["text-sm tabular-nums", className].filter(Boolean).join(" ")} data-testid={testId}>
        {caption !== undefined ? <caption className={captionClassName}>{caption}</caption> : null}
        <thead className="border-b border-slate-300 text-left">
          <tr>
            {shown.map((column, k) => (
              <th
                key={column.key ?? (typeof column.label === "string" ? column.label : k)}
                scope="col"
                className={[k < shown.length - 1 ? (column.gap ?? cellGap) : "", column.numeric ? "text-right" : "", column.className ?? ""].filter(Boolean).join(" ") || undefined}
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
