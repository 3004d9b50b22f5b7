"use client";

import type { CurvePoint } from "@/lib/experiments/running/evaluate";
import { curvePointTip } from "../charts/curve-point-tip";
import { usePlot } from "../charts/use-plot";

type Series = { id: string; points: CurvePoint[] };

/** Overlaid PR and F0.3-vs-threshold curves of the compared experiments. */
export function CompareCharts({ series }: { series: Series[] }) {
  const rows = series.flatMap((s) => s.points.map((p) => ({ ...p, id: s.id })));
  const tip = (d: CurvePoint & { id: string }) => `${d.id}\n${curvePointTip(d)}`;
  const prChart = usePlot(
    (Plot, w) =>
      Plot.plot({
        width: Math.min(520, w),
        height: 380,
        marginLeft: 48,
        x: { domain: [0, 1], label: "Recall →", tickFormat: "%" },
        y: { domain: [0, 1], label: "↑ Precision", tickFormat: "%", grid: true },
        color: { legend: true, label: "Experiment" },
        marks: [
          Plot.line(rows, { x: "recall", y: "precision", stroke: "id", curve: "step-before" }),
          Plot.tip(rows, Plot.pointer({ x: "recall", y: "precision", stroke: "id", title: tip })),
        ],
        ariaLabel: "Overlaid precision-recall curves",
      }),
    [series],
    520,
  );
  const fChart = usePlot(
    (Plot, w) =>
      Plot.plot({
        width: Math.min(520, w),
        height: 380,
        marginLeft: 48,
        x: { label: "Threshold →", nice: true },
        y: { label: "↑ F0.3", grid: true },
        color: { legend: true, label: "Experiment" },
        marks: [
          Plot.line(rows, { x: "threshold", y: "f03", stroke: "id", sort: "threshold" }),
          Plot.tip(rows, Plot.pointer({ x: "threshold", y: "f03", stroke: "id", title: tip })),
        ],
        ariaLabel: "Overlaid F0.3 against threshold",
      }),
    [series],
    520,
  );
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <figure>
        <figcaption className="font-medium">Precision–recall</figcaption>
        <div {...prChart} data-testid="compare-pr-chart" tabIndex={0} role="img" aria-label="Precision-recall curves of the compared experiments" />
      </figure>
      <figure>
        <figcaption className="font-medium">F0.3 against threshold</figcaption>
        <div {...fChart} data-testid="compare-f-chart" tabIndex={0} role="img" aria-label="F0.3 against threshold of the compared experiments" />
      </figure>
    </div>
  );
}
