"use client";

import type { WeekPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";

const METRICS = ["average precision", "purchase rate (base rate)", "Gini"];

/**
 * Section 6: weekly average precision and Gini of the selected model across validation and test, with
 * each week's purchase rate beside AP (AP of random sending equals it, so AP reads against it).
 */
export function StabilityChart({ weeks }: { weeks: WeekPoint[] }) {
  const rows = weeks.flatMap((w) => {
    const date = new Date(`${w.week}T00:00:00Z`);
    return [
      { ...w, date, metric: METRICS[0], value: w.averagePrecision },
      { ...w, date, metric: METRICS[1], value: w.positives / w.rows },
      { ...w, date, metric: METRICS[2], value: w.gini },
    ];
  });
  const ref = usePlot(
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
          w < 600 ? null : Plot.text(rows, Plot.selectLast({ x: "date", y: "value", z: "metric", text: "metric", fill: "metric", dx: 8, textAnchor: "start", fontSize: 11 })),
          Plot.tip(rows, Plot.pointer({ x: "date", y: "value", title: (d) => `week of ${d.week} (${d.split})\n${d.metric} ${d.value.toFixed(3)}\n${d.rows.toLocaleString("en-US")} rows, ${d.positives} purchases` })),
        ],
        ariaLabel: "Weekly average precision, purchase rate and Gini",
      }),
    [weeks],
  );
  return (
    <figure>
      <div ref={ref} data-testid="stability-chart" tabIndex={0} role="img" aria-label="Average precision, purchase rate and Gini of the selected model per week on validation and test" />
      <figcaption className="text-sm text-slate-500">
        One point per week. The grey dashed line is that week&apos;s purchase rate: random sending would score it as average precision, so the gap above it is what
        the model adds. Gini (2 × ROC-AUC − 1) measures how well buyers are ranked above non-buyers: 0 is guessing, 1 perfect.
      </figcaption>
    </figure>
  );
}
