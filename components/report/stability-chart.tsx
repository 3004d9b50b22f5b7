"use client";

import type { WeekPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";

const METRICS = ["average precision", "ROC-AUC", "base rate"] as const;

/**
 * Section 6: weekly AP, ROC-AUC and base rate of the selected model across validation and test. AP
 * depends on the base rate, so the two are drawn together and listed per week with AP's lift over it.
 */
export function StabilityChart({ weeks }: { weeks: WeekPoint[] }) {
  const rows = weeks.flatMap((w) => {
    const date = new Date(`${w.week}T00:00:00Z`);
    return [
      { ...w, date, metric: "average precision", value: w.averagePrecision },
      { ...w, date, metric: "ROC-AUC", value: w.rocAuc },
      { ...w, date, metric: "base rate", value: w.baseRate },
    ];
  });
  const ref = usePlot(
    (Plot) =>
      Plot.plot({
        width: 860,
        height: 280,
        marginLeft: 50,
        x: { type: "utc", label: "Week starting →" },
        y: { label: "↑ Value", grid: true, zero: true, domain: [0, 1] },
        color: { legend: true, domain: [...METRICS], range: ["#1d4ed8", "#f58518", "#64748b"] },
        symbol: { legend: true, domain: ["validation", "test"] },
        marks: [
          Plot.line(rows, { x: "date", y: "value", stroke: "metric" }),
          Plot.dot(rows, { x: "date", y: "value", stroke: "metric", symbol: "split", r: 4 }),
          Plot.tip(
            rows,
            Plot.pointer({
              x: "date",
              y: "value",
              title: (d) => `week of ${d.week} (${d.split})\n${d.metric} ${d.metric === "base rate" ? `${(d.value * 100).toFixed(2)}%` : d.value.toFixed(3)}\n${d.rows.toLocaleString("en-US")} rows, ${d.positives} purchases`,
            }),
          ),
        ],
        ariaLabel: "Weekly average precision, ROC-AUC and base rate",
      }),
    [weeks],
  );
  return (
    <div className="space-y-3">
      <div ref={ref} data-testid="stability-chart" tabIndex={0} role="img" aria-label="Average precision, ROC-AUC and base rate of the selected model per week on validation and test" />
      <table className="text-sm tabular-nums" data-testid="stability-table">
        <thead className="border-b border-slate-300 text-left">
          <tr>
            <th scope="col" className="pr-4">Week of</th>
            <th scope="col" className="pr-4">Days</th>
            <th scope="col" className="pr-4 text-right">Rows</th>
            <th scope="col" className="pr-4 text-right">Base rate</th>
            <th scope="col" className="pr-4 text-right">Average precision</th>
            <th scope="col" className="pr-4 text-right">AP ÷ base rate</th>
            <th scope="col" className="text-right">ROC-AUC</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={`${w.split}-${w.week}`} className="border-b border-slate-100">
              <td className="pr-4">{w.week}</td>
              <td className="pr-4">{w.split}</td>
              <td className="pr-4 text-right">{w.rows.toLocaleString("en-US")}</td>
              <td className="pr-4 text-right">{(w.baseRate * 100).toFixed(2)}%</td>
              <td className="pr-4 text-right">{w.averagePrecision.toFixed(3)}</td>
              <td className="pr-4 text-right">{w.apLift.toFixed(1)}×</td>
              <td className="text-right">{w.rocAuc.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
