"use client";

import { useCallback, useMemo, useState, useTransition } from "react";
import { useQueryMirror } from "@/components/ui/use-query-mirror";
import type { ActionState } from "@/lib/action-state";
import type { CurvePoint } from "@/lib/experiments/running/evaluate";
import { isoFBetaCurve } from "@/lib/metrics/iso-f-beta";
import { curvePointTip } from "../charts/curve-point-tip";
import { usePlot } from "../charts/use-plot";
import { shareChart } from "../charts/share-chart";
import { DataTable } from "@/components/ui/data-table";
import { ActionForm } from "../registry/action-form";
import { formatPercent } from "@/lib/format";

const BETA = 0.3;

export interface ThresholdExplorerProps {
  experimentId: string;
  /** Downsampled curve, thresholds decreasing. */
  points: CurvePoint[];
  /** The baselines' PR curves (dashed), popularity first. */
  baselines: { label: string; points: CurvePoint[] }[];
  rows: number;
  positives: number;
  bestThreshold: number;
  initialThreshold: number;
  keptThreshold: number | null;
  canKeep: boolean;
  keepAction: ((formData: FormData) => Promise<void>) | null;
  /**
   * Once the test days were used, the threshold a selection gets by rule (a hand choice made after test
   * figures were seen is not accepted): the select form shows and confirms it instead of the slider's.
   */
  ruledThreshold?: { threshold: number; label: string; setAside: boolean } | null;
  /** "Select as model" at the slider's threshold; null when this experiment cannot be selected. */
  selectAction: ((state: ActionState, formData: FormData) => Promise<ActionState>) | null;
}

/** The threshold as the slider shows it (and as `?threshold=` carries it). */
export function formatThreshold(t: number): string {
  return t.toPrecision(3);
}

function nearestIndex(points: CurvePoint[], threshold: number): number {
  let best = 0;
  for (let i = 1; i < points.length; i++) if (Math.abs(points[i].threshold - threshold) < Math.abs(points[best].threshold - threshold)) best = i;
  return best;
}

/**
 * The interactive part of an experiment page: PR curve with iso-F0.3 contours, F0.3 / precision /
 * recall against threshold, and the confusion matrix, all at one operating threshold that a slider or
 * a click on either chart moves. The threshold is mirrored in the URL (?threshold=) to share it.
 */
export function ThresholdExplorer(props: ThresholdExplorerProps) {
  const { points, baselines, rows, positives } = props;
  const ruled = props.ruledThreshold ?? null;
  // Slider order: increasing threshold.
  const ascending = useMemo(() => [...points].reverse(), [points]);
  const [index, setIndex] = useState(() => nearestIndex(ascending, props.initialThreshold));
  const current = ascending[index];
  const [pending, startTransition] = useTransition();
  // The URL carries the threshold as the slider shows it, once one is chosen.
  const [chosen, setChosen] = useState(false);
  useQueryMirror(chosen ? { threshold: formatThreshold(current.threshold) } : null, points);

  const select = useCallback((i: number) => {
    setIndex(i);
    setChosen(true);
  }, []);
  const selectThreshold = useCallback((t: number) => select(nearestIndex(ascending, t)), [ascending, select]);

  const prChart = usePlot((Plot, w) => {
    const contours = [0.1, 0.2, 0.3, 0.4, 0.5].flatMap((f) => isoFBetaCurve(f, BETA));
    const figure = Plot.plot({
      ...shareChart(w, { maxWidth: 520, height: 380 }, { x: "Recall (share of buyers reached) →", y: "↑ Precision (share of pushes that lead to a purchase)" }),
      marks: [
        Plot.line(contours, { x: "recall", y: "precision", z: "f", stroke: "#cbd5e1", strokeWidth: 1 }),
        Plot.text(
          [0.1, 0.2, 0.3, 0.4, 0.5].map((f) => isoFBetaCurve(f, BETA).at(-1)).filter(Boolean),
          { x: "recall", y: "precision", text: (d) => `F0.3=${d.f}`, fill: "#64748b", dx: -2, dy: -5, textAnchor: "end", fontSize: 10 },
        ),
        ...baselines.map((b, i) => Plot.line(b.points, { x: "recall", y: "precision", stroke: i === 0 ? "#94a3b8" : "#b45309", strokeDasharray: "4,3", curve: "step-before" })),
        Plot.line(points, { x: "recall", y: "precision", stroke: "#1d4ed8", strokeWidth: 2, curve: "step-before" }),
        Plot.dot([current], { x: "recall", y: "precision", r: 6, fill: "#f58518", stroke: "white" }),
        Plot.tip(points, Plot.pointer({ x: "recall", y: "precision", title: curvePointTip })),
      ],
      ariaLabel: "Precision-recall curve",
    });
    figure.addEventListener("click", () => {
      const value = (figure as unknown as { value: CurvePoint | null }).value;
      if (value) selectThreshold(value.threshold);
    });
    return figure;
  }, [points, baselines, current], 520);

  const long = useMemo(
    () =>
      points.flatMap((p) => [
        { ...p, metric: "F0.3", value: p.f03 },
        { ...p, metric: "precision", value: p.precision },
        { ...p, metric: "recall", value: p.recall },
      ]),
    [points],
  );
  const fChart = usePlot((Plot, w) => {
    const figure = Plot.plot({
      width: Math.min(520, w),
      height: 380,
      marginLeft: 48,
      x: { label: "Threshold (predicted purchase probability) →", nice: true },
      y: { domain: [0, 1], label: "↑ Value", tickFormat: "%", grid: true },
      color: { domain: ["F0.3", "precision", "recall"], range: ["#f58518", "#1d4ed8", "#54a24b"], legend: true },
      marks: [
        Plot.line(long, { x: "threshold", y: "value", stroke: "metric", sort: "threshold" }),
        Plot.ruleX([props.bestThreshold], { stroke: "#f58518", strokeDasharray: "2,3" }),
        Plot.ruleX([current.threshold], { stroke: "#0f172a" }),
        Plot.tip(points, Plot.pointerX({ x: "threshold", y: "f03", title: curvePointTip })),
      ],
      ariaLabel: "F0.3, precision and recall against threshold",
    });
    figure.addEventListener("click", () => {
      const value = (figure as unknown as { value: CurvePoint | null }).value;
      if (value) selectThreshold(value.threshold);
    });
    return figure;
  }, [long, current, props.bestThreshold], 520);

  const tp = Math.round(current.recall * positives);
  const fp = current.pushes - tp;
  const fn = positives - tp;
  const tn = rows - current.pushes - fn;

  return (
    <div className="space-y-4" data-testid="threshold-explorer">
      <div className="no-print flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-slate-50 p-3">
        <label className="flex min-w-[280px] flex-1 flex-col text-sm">
          <span>
            Operating threshold: <strong data-testid="current-threshold">{formatThreshold(current.threshold)}</strong>
            {current.threshold === props.bestThreshold ? " (best F0.3)" : ""}
          </span>
          <input
            type="range"
            min={0}
            max={ascending.length - 1}
            step={1}
            value={index}
            onChange={(e) => select(Number(e.target.value))}
            aria-label="Operating threshold"
            aria-valuetext={`threshold ${formatThreshold(current.threshold)}`}
            data-testid="threshold-slider"
          />
        </label>
        <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm" onClick={() => selectThreshold(props.bestThreshold)}>
          Reset to best F0.3
        </button>
        {props.keepAction && props.canKeep ? (
          <form action={(formData) => startTransition(() => props.keepAction!(formData))}>
            <input type="hidden" name="id" value={props.experimentId} />
            <input type="hidden" name="threshold" value={current.threshold} />
            <button type="submit" disabled={pending} className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50" data-testid="keep-threshold">
              {pending ? "Keeping…" : "Keep this threshold"}
            </button>
          </form>
        ) : null}
        {props.keptThreshold !== null ? (
          <span className="text-sm text-slate-600" data-testid="kept-threshold">
            Kept threshold: {props.keptThreshold.toPrecision(3)}
          </span>
        ) : null}
      </div>
      {props.selectAction ? (
        <div className="no-print rounded-lg border border-slate-200 p-3">
          <ActionForm
            action={props.selectAction}
            hidden={ruled ? { id: props.experimentId } : { id: props.experimentId, threshold: String(current.threshold) }}
            submitLabel="Select as model"
            pendingLabel="Evaluating on the test split and saving…"
            confirmMessage={
              ruled
                ? `Select ${props.experimentId} as the model at threshold ${formatThreshold(ruled.threshold)} (${ruled.label})? The test days have already been used, so the slider's threshold is not accepted. The selection is evaluated on the test days and becomes the active version that predict and the API use.`
                : `Select ${props.experimentId} as the model at threshold ${formatThreshold(current.threshold)}? It is evaluated once on the untouched test days and becomes the active version that predict and the API use.`
            }
            testId="select-model"
          >
            {ruled ? (
              <span className="text-sm" data-testid="select-threshold-rule">
                at threshold <strong data-testid="select-threshold">{formatThreshold(ruled.threshold)}</strong> ({ruled.label}): the test days have been used, so a
                threshold chosen by hand now (the slider{ruled.setAside ? ", or the one kept after the first test look" : ""}) is not accepted
              </span>
            ) : (
              <span className="text-sm">
                at the slider&apos;s threshold <strong data-testid="select-threshold">{formatThreshold(current.threshold)}</strong>
              </span>
            )}
            <label className="text-sm">
              Note <input name="note" maxLength={500} className="ml-1 rounded border border-slate-300 px-2 py-1" placeholder="why this model" />
            </label>
            <label className="text-sm">
              <input type="checkbox" name="refit" className="mr-1" />
              refit on train + validation
            </label>
          </ActionForm>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <figure>
          <figcaption className="font-medium">Precision–recall curve</figcaption>
          <div {...prChart} data-testid="pr-chart" tabIndex={0} role="img" aria-label="Precision against recall; grey lines are iso-F0.3 contours, the dashed lines are the baselines" />
          <p className="text-sm text-slate-500">Hover for the threshold at a point; click to move the operating threshold there. Dashed: {baselines.length ? baselines.map((b, i) => `${b.label} (${i === 0 ? "grey" : "brown"})`).join(", ") : "no baseline has run"}.</p>
        </figure>
        <figure>
          <figcaption className="font-medium">F0.3, precision and recall against threshold</figcaption>
          <div {...fChart} data-testid="f-chart" tabIndex={0} role="img" aria-label="F0.3, precision and recall against threshold; the dotted line marks the best F0.3" />
          <p className="text-sm text-slate-500">Dotted: the threshold with the best F0.3. Solid: the operating threshold.</p>
        </figure>
      </div>
      <section aria-labelledby="confusion-heading">
        <h3 id="confusion-heading" className="font-semibold">At this threshold</h3>
        <p className="text-sm text-slate-700" data-testid="operating-sentence">
          {current.pushes.toLocaleString("en-US")} pushes ({((current.pushes / rows) * 1000).toFixed(1)} per 1,000 candidate rows):{" "}
          {formatPercent(current.precision, 1)} of them reach a buyer and {formatPercent(current.recall, 1)} of buyers are reached (F0.3 ={" "}
          {current.f03.toFixed(3)}).
        </p>
        <DataTable
          testId="confusion-matrix"
          className="mt-2"
          caption="Confusion matrix at the operating threshold"
          captionClassName="sr-only"
          headRule={false}
          columns={[
            { key: "outcome", label: "", gap: "none" },
            { label: "Pushed", numeric: true, gap: "none", className: "px-3" },
            { label: "Not pushed", numeric: true, gap: "none", className: "px-3" },
          ]}
        >
          <tr>
            <th scope="row" className="pr-3 text-left">Bought</th>
            <td className="bg-green-50 px-3 text-right" data-testid="cm-tp">{tp.toLocaleString("en-US")}</td>
            <td className="px-3 text-right" data-testid="cm-fn">{fn.toLocaleString("en-US")}</td>
          </tr>
          <tr>
            <th scope="row" className="pr-3 text-left">Did not buy</th>
            <td className="bg-red-50 px-3 text-right" data-testid="cm-fp">{fp.toLocaleString("en-US")}</td>
            <td className="px-3 text-right" data-testid="cm-tn">{tn.toLocaleString("en-US")}</td>
          </tr>
        </DataTable>
      </section>
    </div>
  );
}
