"use client";

import type { WeekPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";

/** Section 6: weekly AP and Gini of the selected model across validation and test. */
export function StabilityChart({ weeks }: { weeks: WeekPoint[] }) {
  const rows = weeks.flatMap((w) => [
    { ...w, date: new Date(`${w.week}T00:00:00Z`), metric: "average precision", value: w.averagePrecision },
    { ...w, date: new Date(`${w.week}T00:00:00Z`), metric: "Gini", value: w.gini },
  ]);
  const ref = usePlot(
    (Plot) =>
      Plot.plot({
        width: 860,
        height: 280,
        marginLeft: 50,
        x: { type: "utc", label: "Week starting →" },
        y: { label: "↑ Value", grid: true, zero: true },
        fx: { label: null },
        color: { legend: true, domain: ["average precision", "Gini"], range: ["#1d4ed8", "#f58518"] },
        symbol: { legend: true, domain: ["validation", "test"] },
        marks: [
          Plot.line(rows, { x: "date", y: "value", stroke: "metric" }),
          Plot.dot(rows, { x: "date", y: "value", stroke: "metric", symbol: "split", r: 4 }),
          Plot.tip(rows, Plot.pointer({ x: "date", y: "value", title: (d) => `week of ${d.week} (${d.split})\n${d.metric} ${d.value.toFixed(3)}\n${d.rows.toLocaleString("en-US")} rows, ${d.positives} purchases` })),
        ],
        ariaLabel: "Weekly average precision and Gini",
      }),
    [weeks],
  );
  return <div ref={ref} data-testid="stability-chart" tabIndex={0} role="img" aria-label="Average precision and Gini of the selected model per week on validation and test" />;
}
