"use client";

import type { CurvePoint } from "@/lib/experiments/running/evaluate";
import { curvePointTip } from "../charts/curve-point-tip";
import { usePlot, type PlotModule } from "../charts/use-plot";
import { shareChart } from "../charts/share-chart";

type Series = { id: string; points: CurvePoint[] };
type PlotFrame = Omit<Parameters<PlotModule["plot"]>[0] & object, "marks" | "color" | "ariaLabel">;
type LineOptions = Parameters<PlotModule["line"]>[1];

/** Overlaid PR and F0.3-vs-threshold curves of the compared experiments. */
export function CompareCharts({ series }: { series: Series[] }) {
  const rows = series.flatMap((s) => s.points.map((p) => ({ ...p, id: s.id })));
  const tip = (d: CurvePoint & { id: string }) => `${d.id}\n${curvePointTip(d)}`;
  /** One chart of the compared experiments: a line per experiment, its tooltip naming it. */
  const overlay = (Plot: PlotModule, frame: PlotFrame, x: "recall" | "threshold", y: "precision" | "f03", line: LineOptions, ariaLabel: string) =>
    Plot.plot({
      ...frame,
      color: { legend: true, label: "Experiment" },
      marks: [Plot.line(rows, { x, y, stroke: "id", ...line }), Plot.tip(rows, Plot.pointer({ x, y, stroke: "id", title: tip }))],
      ariaLabel,
    });
  const prChart = usePlot(
    (Plot, w) => overlay(Plot, shareChart(w, { maxWidth: 520, height: 380 }, { x: "Recall →", y: "↑ Precision" }), "recall", "precision", { curve: "step-before" }, "Overlaid precision-recall curves"),
    [series],
    520,
  );
  const fChart = usePlot(
    (Plot, w) =>
      overlay(
        Plot,
        { width: Math.min(520, w), height: 380, marginLeft: 48, x: { label: "Threshold →", nice: true }, y: { label: "↑ F0.3", grid: true } },
        "threshold",
        "f03",
        { sort: "threshold" },
        "Overlaid F0.3 against threshold",
      ),
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
