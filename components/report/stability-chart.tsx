"use client";

import type { WeekPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";
import { formatPercent } from "@/lib/format";
import { DataTable } from "@/components/ui/data-table";

const METRICS = ["average precision", "purchase rate (base rate)", "ROC-AUC"];

/**
 * Section 6: weekly average precision and ROC-AUC of the selected model across validation and test, with
 * each week's purchase rate (base rate) beside AP (AP of random sending equals it, so AP reads against
 * it); the table lists each week with AP's lift over it.
 */
export function StabilityChart({ weeks }: { weeks: WeekPoint[] }) {
  const rows = weeks.flatMap((w) => {
    const date = new Date(`${w.week}T00:00:00Z`);
    return [
      { ...w, date, metric: METRICS[0], value: w.averagePrecision },
      { ...w, date, metric: METRICS[1], value: w.baseRate },
      { ...w, date, metric: METRICS[2], value: w.rocAuc },
    ];
  });
  const chart = usePlot(
    (Plot, w) =>
      Plot.plot({
        width: Math.min(860, w),
        height: 280,
        marginLeft: 44,
        marginRight: w < 600 ? 12 : 130,
        x: { type: "utc", label: "Week starting (Monday) →", ticks: weeks.length > 12 ? "2 weeks" : "monday", tickFormat: "%b %d", nice: false },
        y: { label: "↑ Value", grid: true, zero: true },
        color: { legend: true, domain: METRICS, range: ["#0072b2", "#999999", "#e69f00"] },
        symbol: { legend: true, domain: ["validation", "test"] },
        marks: [
          Plot.line(rows.filter((d) => d.metric !== METRICS[1]), { x: "date", y: "value", stroke: "metric" }),
          Plot.line(rows.filter((d) => d.metric === METRICS[1]), { x: "date", y: "value", stroke: "metric", strokeDasharray: "4,3" }),
          Plot.dot(rows, { x: "date", y: "value", stroke: "metric", symbol: "split", r: 4 }),
          w < 600 ? null : Plot.text(rows, Plot.selectLast({ x: "date", y: "value", z: "metric", text: (d) => (d.metric === METRICS[1] ? "base rate" : d.metric), fill: "metric", dx: 8, textAnchor: "start", fontSize: 11 })),
          Plot.tip(rows, Plot.pointer({ x: "date", y: "value", title: (d) => `week of ${d.week} (${d.split})\n${d.metric} ${d.metric === METRICS[1] ? formatPercent(d.value, 2) : d.value.toFixed(3)}\n${d.rows.toLocaleString("en-US")} rows, ${d.positives} purchases` })),
        ],
        ariaLabel: "Weekly average precision, purchase rate and ROC-AUC",
      }),
    [weeks],
    860,
  );
  return (
    <div className="space-y-3">
      <figure>
        <div {...chart} data-testid="stability-chart" tabIndex={0} role="img" aria-label="Average precision, purchase rate and ROC-AUC of the selected model per week on validation and test" />
        <figcaption className="text-sm text-slate-500">
          One point per week. The grey dashed line is that week&apos;s purchase rate (base rate): random sending would score it as average precision, so the gap above it is what
          the model adds. ROC-AUC measures how well buyers are ranked above non-buyers: 0.5 is guessing, 1 perfect.
        </figcaption>
      </figure>
      <DataTable
        testId="stability-table"
        columns={[
          { label: "Week of" },
          { label: "Days" },
          { label: "Rows", numeric: true },
          { label: "Base rate (purchase rate)", numeric: true },
          { label: "Average precision", numeric: true },
          { label: "AP ÷ base rate", numeric: true },
          { label: "ROC-AUC", numeric: true },
        ]}
      >
        {weeks.map((w) => (
          <tr key={`${w.split}-${w.week}`} className="border-b border-slate-100">
            <td className="pr-4">{w.week}</td>
            <td className="pr-4">{w.split}</td>
            <td className="pr-4 text-right">{w.rows.toLocaleString("en-US")}</td>
            <td className="pr-4 text-right">{formatPercent(w.baseRate, 2)}</td>
            <td className="pr-4 text-right">{w.averagePrecision.toFixed(3)}</td>
            <td className="pr-4 text-right">{w.apLift.toFixed(1)}×</td>
            <td className="text-right">{w.rocAuc.toFixed(3)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
