import type { DatasetSummary } from "@/lib/data/summary";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatDay, formatNumber, formatPercent } from "@/lib/format";
import { OrdersPerDayChart, type OrdersPerDayPoint } from "./orders-per-day-chart";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 p-3">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

function formatColumnValue(kind: string, value: number | undefined): string {
  if (value === undefined) return "";
  if (kind === "date") return formatDay(value);
  if (kind === "datetime") return formatDay(Math.floor(value / 86400));
  return formatNumber(value);
}

/** Section 1 of the report: the data, the ≥ 5-items filter and the temporal split. */
export function DataSection({ summary, synthetic }: { summary: DatasetSummary; synthetic: boolean }) {
  const keptShare = summary.filter.ordersKept / summary.orders;
  const [train, validation, test] = summary.splits;
  const points: OrdersPerDayPoint[] = [
    ...summary.ordersPerDay.map((d) => ({ date: formatDay(d.day), orders: d.orders, group: d.split })),
    ...summary.droppedOrdersPerDay.map((d) => ({ date: formatDay(d.day), orders: d.orders, group: "dropped by filter" as const })),
  ];
  return (
    <section aria-labelledby="data-heading" className="prose-notebook" data-testid="data-section">
      <h2 id="data-heading" className="text-2xl font-semibold">
        1. The question and the data
      </h2>
      <p>
        The sales team picks a product and pushes a notification to the customers most likely to buy it. Pushes are opened about 5% of
        the time and an irrelevant one risks an uninstall, so the model must favour precision: we judge models by average precision and
        operate them at the threshold that maximises F0.3, which weighs precision about eleven times more than recall.
      </p>
      <p>
        Each row of the feature frame is one (order, product variant) pair and says whether that variant was bought in that order. The
        data file is <code className="break-all text-sm">{summary.source.path}</code> ({formatBytes(summary.source.size)}
        {synthetic ? ", the deterministic synthetic default" : ""}): {formatNumber(summary.rows)} rows from {formatNumber(summary.orders)}{" "}
        orders of {formatNumber(summary.users)} customers over {formatNumber(summary.variants)} variants; {formatPercent(summary.positiveRate)}{" "}
        of rows are purchases.
      </p>
      <dl className="my-4 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="data-stats">
        <Stat label="Rows" value={formatNumber(summary.rows)} hint={`${formatNumber(summary.filter.rowsKept)} after the filter`} />
        <Stat label="Orders" value={formatNumber(summary.orders)} hint={`${formatNumber(summary.filter.ordersKept)} kept (${formatPercent(keptShare, 1)})`} />
        <Stat label="Customers" value={formatNumber(summary.users)} />
        <Stat label="Variants" value={formatNumber(summary.variants)} />
      </dl>
      <p>
        We keep only orders with at least {summary.filter.minItems} purchased items, the baskets the business wants to grow: that keeps{" "}
        {formatNumber(summary.filter.ordersKept)} of {formatNumber(summary.orders)} orders ({formatPercent(keptShare, 1)}) and{" "}
        {formatNumber(summary.filter.rowsKept)} rows, with {summary.filter.itemsPerKeptOrder.toFixed(1)} purchased items per kept order
        (against {summary.filter.itemsPerOrder.toFixed(1)} over all orders) and a positive rate of {formatPercent(summary.filter.positiveRateKept, 3)}.
      </p>
      <p>
        The split is temporal and on whole days, never random and never cutting an order: models learn from the past and are judged on
        the future. Train runs to {train.days ? formatDay(train.lastDay) : "—"}, validation from{" "}
        {validation.days ? formatDay(validation.firstDay) : "—"} to {validation.days ? formatDay(validation.lastDay) : "—"}, and test from{" "}
        {test.days ? formatDay(test.firstDay) : "—"} to {test.days ? formatDay(test.lastDay) : "—"}. The test split stays untouched until a
        model is selected.
      </p>
      <OrdersPerDayChart points={points} />
      <DataTable
        testId="split-table"
        className="my-4 w-full"
        caption="Temporal split of the filtered data"
        columns={[
          { label: "Split", className: "py-1" },
          { label: "From" },
          { label: "To" },
          { label: "Days", numeric: true },
          { label: "Orders", numeric: true },
          { label: "Rows", numeric: true },
          { label: "Purchases", numeric: true },
          { label: "Positive rate", numeric: true },
        ]}
      >
        {summary.splits.map((s) => (
          <tr key={s.name} className="border-b border-slate-100">
            <th scope="row" className="py-1 pr-4 text-left font-medium capitalize">{s.name}</th>
            <td className="pr-4">{s.days ? formatDay(s.firstDay) : "—"}</td>
            <td className="pr-4">{s.days ? formatDay(s.lastDay) : "—"}</td>
            <td className="pr-4 text-right">{s.days}</td>
            <td className="pr-4 text-right">{formatNumber(s.orders)}</td>
            <td className="pr-4 text-right">{formatNumber(s.rows)}</td>
            <td className="pr-4 text-right">{formatNumber(s.positives)}</td>
            <td className="text-right">{formatPercent(s.positiveRate, 3)}</td>
          </tr>
        ))}
      </DataTable>
      <details className="my-4">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Every column of the feature frame</summary>
        <DataTable
          testId="column-table"
          className="mt-2 w-full"
          columns={[
            { label: "Column", className: "py-1" },
            { label: "Role" },
            { label: "Type" },
            { label: "Min", numeric: true },
            { label: "Mean", numeric: true },
            { label: "Max", numeric: true },
            { label: "Distinct", numeric: true },
            { label: "Most frequent" },
          ]}
        >
          {summary.columns.map((c) => (
            <tr key={c.name} className="border-b border-slate-100">
              <th scope="row" className="py-1 pr-4 text-left font-mono font-normal">{c.name}</th>
              <td className="pr-4">{c.role}</td>
              <td className="pr-4">{c.kind}</td>
              <td className="pr-4 text-right">{formatColumnValue(c.kind, c.min)}</td>
              <td className="pr-4 text-right">{c.kind === "number" && c.mean !== undefined ? formatNumber(c.mean) : ""}</td>
              <td className="pr-4 text-right">{formatColumnValue(c.kind, c.max)}</td>
              <td className="pr-4 text-right">{formatNumber(c.distinct)}</td>
              <td className="text-slate-500">{c.top?.map((t) => t.value).join(", ")}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </section>
  );
}
