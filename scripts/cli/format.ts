import { formatDay, formatNumber, formatPercent } from "../../lib/format";
import type { DatasetSummary } from "../../lib/data/summary";

/** Left-aligned text table with a header rule; numbers right-aligned. */
export function textTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)));
  const widths = headers.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === "number"));
  const line = (row: string[]) => row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** One JSON object a line, each line ending in a newline (nothing for no items). */
export function jsonLines(items: readonly unknown[]): string {
  return items.map((item) => `${JSON.stringify(item)}\n`).join("");
}

export function formatDatasetSummary(s: DatasetSummary): string {
  const lines: string[] = [];
  lines.push(`Source       ${s.source.path} (${(s.source.size / 1e6).toFixed(1)} MB, fingerprint ${s.source.fingerprint})`);
  lines.push(`Rows         ${formatNumber(s.rows)}  (${formatNumber(s.orders)} orders, ${formatNumber(s.users)} users, ${formatNumber(s.variants)} variants)`);
  lines.push(`Positives    ${formatPercent(s.positiveRate, 3)} of rows; ${s.filter.itemsPerOrder.toFixed(1)} purchased items per order`);
  lines.push(
    `Filter       orders with ≥ ${s.filter.minItems} items: ${formatNumber(s.filter.ordersKept)} orders kept (${formatPercent(s.filter.ordersKept / s.orders, 1)}), ` +
      `${formatNumber(s.filter.rowsKept)} rows, positive rate ${formatPercent(s.filter.positiveRateKept, 3)}, ${s.filter.itemsPerKeptOrder.toFixed(1)} items per kept order`,
  );
  if (s.extraColumns.length) lines.push(`Ignored      extra columns: ${s.extraColumns.join(", ")}`);
  lines.push("");
  lines.push(
    textTable(
      ["split", "from", "to", "days", "orders", "rows", "positives", "positive rate"],
      s.splits.map((sp) => [
        sp.name,
        sp.days ? formatDay(sp.firstDay) : "-",
        sp.days ? formatDay(sp.lastDay) : "-",
        sp.days,
        sp.orders,
        sp.rows,
        sp.positives,
        formatPercent(sp.positiveRate, 3),
      ]),
    ),
  );
  lines.push("");
  lines.push(
    textTable(
      ["column", "role", "type", "min", "mean", "max", "distinct"],
      s.columns.map((c) => [
        c.name,
        c.role,
        c.kind,
        c.min === undefined ? "" : c.kind === "number" ? formatNumber(c.min) : c.kind === "date" ? formatDay(c.min) : formatDay(c.min / 86400),
        c.mean === undefined || c.kind !== "number" ? "" : formatNumber(c.mean),
        c.max === undefined ? "" : c.kind === "number" ? formatNumber(c.max) : c.kind === "date" ? formatDay(c.max) : formatDay(c.max / 86400),
        formatNumber(c.distinct),
      ]),
    ),
  );
  return lines.join("\n");
}
