"use client";

import { useActionState, useMemo, useState } from "react";
import type { SubmitState } from "@/lib/action-state";
import type { PathPoint } from "@/lib/experiments/paths/regularization-path";
import { usePlot } from "../charts/use-plot";
import { shareChart } from "../charts/share-chart";
import { formatPercent } from "@/lib/format";

export interface PathExplorerProps {
  encoding: string;
  penalty: string;
  l1Ratio: number | null;
  featureNames: string[];
  points: PathPoint[];
  canSave: boolean;
  saveAction: (state: SubmitState, formData: FormData) => Promise<SubmitState>;
}

/** The widest a chart of the two-column grid is shown: half the page's content width (1120 px) less the gap; the server draws at it. */
const PATH_CHART_MAX_WIDTH = 548;

/** Coefficient paths, metrics with bootstrap bands against C, and the curves at a chosen C. */
export function PathExplorer(props: PathExplorerProps) {
  const { points, featureNames } = props;
  const [index, setIndex] = useState(() => points.reduce((best, p, k) => (p.averagePrecision > points[best].averagePrecision ? k : best), 0));
  const current = points[index];
  const [state, formAction, pending] = useActionState(props.saveAction, { status: "idle", errors: {}, experimentId: null, runId: null, message: null });

  const coefRows = useMemo(() => points.flatMap((p) => p.coef.map((c, j) => ({ C: p.C, coef: c, feature: featureNames[j] }))), [points, featureNames]);
  // The strongest features at the largest C get a label at the end of their line (a legend of 30 colours would not be readable).
  const labelled = useMemo(() => {
    const last = points.at(-1);
    if (!last) return new Set<string>();
    return new Set(last.coef.map((c, j) => ({ c: Math.abs(c), j })).sort((a, b) => b.c - a.c).slice(0, 6).filter((d) => d.c > 0).map((d) => featureNames[d.j]));
  }, [points, featureNames]);
  const coefChart = usePlot((Plot, w) =>
      Plot.plot({
        width: Math.min(560, w),
        height: 340,
        marginLeft: 50,
        marginRight: w < 480 ? 70 : 120,
        x: { type: "log", label: "C →", tickFormat: "~e", ticks: w < 480 ? 3 : undefined },
        y: { label: "↑ Coefficient (standardized)", grid: true },
        color: { scheme: "tableau10" },
        marks: [
          Plot.ruleY([0]),
          Plot.line(coefRows, { x: "C", y: "coef", z: "feature", stroke: "feature", strokeWidth: 1.2 }),
          Plot.text(
            coefRows.filter((d) => labelled.has(d.feature)),
            Plot.selectLast({ x: "C", y: "coef", z: "feature", text: (d) => (d.feature.length > 18 ? `${d.feature.slice(0, 17)}…` : d.feature), fill: "feature", dx: 4, textAnchor: "start", fontSize: 10 }),
          ),
          Plot.ruleX([current.C], { stroke: "#0f172a" }),
          Plot.tip(coefRows, Plot.pointer({ x: "C", y: "coef", title: (d) => `${d.feature}\nC = ${d.C.toExponential(1)}\ncoefficient ${d.coef.toPrecision(3)}` })),
        ],
        ariaLabel: "Coefficient paths against C",
      }),
    [coefRows, current.C, labelled],
    PATH_CHART_MAX_WIDTH,
  );
  const metricRows = useMemo(
    () =>
      points.flatMap((p) => [
        { C: p.C, metric: "average precision", value: p.averagePrecision, low: p.intervals.averagePrecision.low, high: p.intervals.averagePrecision.high },
        { C: p.C, metric: "ROC-AUC", value: p.rocAuc, low: p.intervals.rocAuc.low, high: p.intervals.rocAuc.high },
        { C: p.C, metric: "best F0.3", value: p.f03, low: p.intervals.f03.low, high: p.intervals.f03.high },
      ]),
    [points],
  );
  // One small chart per metric, each with its own axis: on a shared 0–1 axis the change along the path is flattened.
  const metricChart = usePlot(
    (Plot, w, document) => {
      const box = document.createElement("div");
      const colors: Record<string, string> = { "average precision": "#0072B2", "ROC-AUC": "#009E73", "best F0.3": "#D55E00" };
      for (const metric of ["average precision", "ROC-AUC", "best F0.3"]) {
        const rows = metricRows.filter((r) => r.metric === metric);
        box.appendChild(
          Plot.plot({
            width: Math.min(560, w),
            height: 130,
            marginLeft: 50,
            marginTop: 22,
            x: { type: "log", label: metric === "best F0.3" ? "C →" : null, tickFormat: "~e", ticks: w < 480 ? 3 : undefined },
            y: { label: `↑ ${metric}`, grid: true, nice: true, ticks: 4 },
            marks: [
              Plot.areaY(rows, { x: "C", y1: "low", y2: "high", fill: colors[metric], fillOpacity: 0.18 }),
              Plot.line(rows, { x: "C", y: "value", stroke: colors[metric] }),
              Plot.ruleX([current.C], { stroke: "#0f172a" }),
              Plot.tip(rows, Plot.pointer({ x: "C", y: "value", title: (d) => `${d.metric} ${d.value.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]\nC = ${d.C.toExponential(1)}` })),
            ],
            ariaLabel: `Validation ${metric} against C`,
          }),
        );
      }
      return box;
    },
    [metricRows, current.C],
    PATH_CHART_MAX_WIDTH,
  );
  const nonZeroChart = usePlot((Plot, w) =>
      props.penalty === "l2"
        ? null
        : Plot.plot({
            width: Math.min(560, w),
            height: 200,
            marginLeft: 50,
            x: { type: "log", label: "C →", tickFormat: "~e" },
            y: { label: "↑ Non-zero coefficients", grid: true },
            marks: [Plot.line(points, { x: "C", y: "nonZero", curve: "step-after" }), Plot.ruleX([current.C], { stroke: "#0f172a" })],
          }),
    [points, current.C, props.penalty],
    PATH_CHART_MAX_WIDTH,
  );
  const curveChart = usePlot(
    (Plot, w) =>
      Plot.plot({
        ...shareChart(w, { maxWidth: 560, height: 340 }, { x: "Recall →", y: "↑ Precision / F0.3" }),
        marginLeft: 50,
        color: { legend: true, domain: ["precision at recall", "F0.3 at recall"], range: ["#1d4ed8", "#f58518"] },
        marks: [
          Plot.line(current.curve, { x: "recall", y: "precision", stroke: () => "precision at recall", curve: "step-before" }),
          Plot.line(current.curve, { x: "recall", y: "f03", stroke: () => "F0.3 at recall" }),
          Plot.tip(current.curve, Plot.pointer({ x: "recall", y: "precision", title: (d) => `threshold ${d.threshold.toPrecision(3)}\nprecision ${formatPercent(d.precision, 1)}\nrecall ${formatPercent(d.recall, 1)}\nF0.3 ${d.f03.toFixed(3)}` })),
        ],
        ariaLabel: `Precision-recall and F0.3 curves at C = ${current.C}`,
      }),
    [current],
    PATH_CHART_MAX_WIDTH,
  );

  return (
    <div className="space-y-4" data-testid="path-explorer">
      <div className="no-print flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-slate-50 p-3">
        <label className="flex min-w-[300px] flex-1 flex-col text-sm">
          <span>
            C = <strong data-testid="path-C">{current.C.toExponential(2)}</strong> — AP <span data-testid="path-ap">{current.averagePrecision.toFixed(4)}</span>, ROC-AUC{" "}
            {current.rocAuc.toFixed(4)}, best F0.3 {current.f03.toFixed(4)}, {current.nonZero} non-zero coefficients, {current.iterations} iterations
          </span>
          <input type="range" min={0} max={points.length - 1} value={index} onChange={(e) => setIndex(Number(e.target.value))} aria-label="C" data-testid="path-slider" />
        </label>
        {props.canSave ? (
          <form action={formAction}>
            <input type="hidden" name="encoding" value={props.encoding} />
            <input type="hidden" name="penalty" value={props.penalty} />
            <input type="hidden" name="C" value={current.C} />
            <input type="hidden" name="l1Ratio" value={props.l1Ratio ?? ""} />
            <input type="hidden" name="classWeight" value="none" />
            <input type="hidden" name="allFeatures" value="on" />
            <button type="submit" disabled={pending} className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50" data-testid="save-path-point">
              {pending ? "Saving…" : "Save as experiment"}
            </button>
          </form>
        ) : null}
        <span role="status" className="text-sm" data-testid="save-status">
          {state.status === "queued" ? `Queued ${state.experimentId}` : state.status === "done" ? `${state.experimentId} already has a result` : state.message}
        </span>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <figure>
          <figcaption className="font-medium">Coefficient paths</figcaption>
          <div {...coefChart} data-testid="path-coef-chart" tabIndex={0} role="img" aria-label="Coefficients against C" />
        </figure>
        <figure>
          <figcaption className="font-medium">Validation metrics against C</figcaption>
          <div {...metricChart} data-testid="path-metric-chart" tabIndex={0} role="img" aria-label="Average precision, ROC-AUC and best F0.3 against C with bootstrap bands" />
        </figure>
        <figure>
          <figcaption className="font-medium">Precision and F0.3 at the chosen C</figcaption>
          <div {...curveChart} data-testid="path-curve-chart" tabIndex={0} role="img" aria-label="Precision-recall curve at the chosen C" />
        </figure>
        {props.penalty !== "l2" ? (
          <figure>
            <figcaption className="font-medium">Non-zero coefficients</figcaption>
            <div {...nonZeroChart} data-testid="path-nonzero-chart" tabIndex={0} role="img" aria-label="Number of non-zero coefficients against C" />
          </figure>
        ) : null}
      </div>
    </div>
  );
}
