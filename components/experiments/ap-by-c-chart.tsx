"use client";

import { useRouter } from "next/navigation";
import { dodgeLabels } from "@/lib/charts/label-dodge";
import { usePlot } from "../charts/use-plot";

export interface ApByCPoint {
  id: string;
  encoding: string;
  penalty: string;
  classWeight: string;
  C: number;
  ap: number;
}

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), each with its own marker. */
const ENCODING_STYLE: Record<string, { color: string; symbol: string }> = {
  none: { color: "#000000", symbol: "circle" },
  frequency: { color: "#0072B2", symbol: "square" },
  target: { color: "#E69F00", symbol: "triangle" },
  "target-leaky": { color: "#CC79A7", symbol: "diamond" },
  onehot: { color: "#009E73", symbol: "cross" },
};
const FALLBACK = ["#56B4E9", "#D55E00", "#F0E442"];
/** The page's content width (max-w-6xl less its padding): the chart spans it, and the server draws it at this width. */
const AP_BY_C_MAX_WIDTH = 1120;

/** The chart's end label of a baseline: its name without the parenthesised detail, which the caption gives. */
export function shortBaselineLabel(label: string): string {
  return label.replace(/\s*\(.*\)\s*$/, "").replace(/ baseline$/, "");
}

/**
 * Small multiples: validation AP against C (log scale), one panel per penalty, one line per encoding,
 * each encoding with its own colour, marker and a label at the end of its line. A click on a point
 * opens that experiment.
 */
export function ApByCChart({ points, baselines, unpenalized }: { points: ApByCPoint[]; baselines: { label: string; ap: number }[]; unpenalized: { encoding: string; ap: number }[] }) {
  const router = useRouter();
  const chart = usePlot((Plot, w) => {
    if (points.length === 0) return null;
    const encodings = [...new Set(points.map((p) => p.encoding))];
    const style = (e: string, k: number) => ENCODING_STYLE[e] ?? { color: FALLBACK[k % FALLBACK.length], symbol: "star" };
    const narrow = w < 640;
    const penalties = [...new Set(points.map((p) => p.penalty))];
    const facet = narrow ? { fy: "penalty" } : { fx: "penalty" };
    const height = narrow ? 220 * penalties.length : 320;
    const [marginTop, marginBottom] = [narrow ? 20 : 30, 40];
    // The AP axis is set here (not niced by Plot) so the end labels can be spaced in its units.
    const all = [...points.map((p) => p.ap), ...baselines.map((b) => b.ap), ...unpenalized.map((u) => u.ap)];
    const [lo, hi] = [Math.min(...all), Math.max(...all)];
    const pad = (hi - lo || 0.01) * 0.04;
    const domain: [number, number] = [Math.max(0, lo - pad), hi + pad];
    const panelHeight = narrow ? ((height - marginTop - marginBottom) / penalties.length) * 0.9 : height - marginTop - marginBottom;
    // 14 px between label baselines: an 11 px label's box is about 13 px tall.
    const gap = (14 / panelHeight) * (domain[1] - domain[0]);
    // One label per encoding at the end of its line and one per baseline at the right edge of each panel,
    // all moved apart together where they would overlap, so no label lies on another or on a line.
    const maxC = Math.max(...points.map((p) => p.C));
    const baselineEnds = baselines.map((b) => ({ C: maxC, ap: b.ap, text: shortBaselineLabel(b.label) }));
    const ends = penalties.flatMap((penalty) => {
      const last = encodings.flatMap((encoding) => {
        const line = points.filter((p) => p.penalty === penalty && p.encoding === encoding).sort((a, b) => a.C - b.C);
        return line.length ? [line[line.length - 1]] : [];
      });
      const ys = dodgeLabels([...last.map((p) => p.ap), ...baselineEnds.map((b) => b.ap)], gap, domain[0], domain[1]);
      return [
        ...last.map((p, k) => ({ penalty, C: p.C, labelY: ys[k], text: p.encoding, encoding: p.encoding as string | null })),
        ...baselineEnds.map((b, k) => ({ penalty, C: b.C, labelY: ys[last.length + k], text: b.text, encoding: null })),
      ];
    });
    const encodingEnds = ends.filter((e) => e.encoding !== null);
    const baselineLabels = ends.filter((e) => e.encoding === null);
    const figure = Plot.plot({
      width: w,
      height,
      marginTop,
      marginLeft: 50,
      marginRight: narrow ? 90 : 100,
      marginBottom,
      fx: { label: null, tickFormat: (p: string) => `penalty ${p}` },
      fy: { label: null, tickFormat: (p: string) => `penalty ${p}` },
      x: { type: "log", label: "C (inverse regularization strength, log scale) →", tickFormat: "~e", ticks: narrow ? 3 : undefined },
      y: { label: "Validation average precision", grid: true, domain },
      color: { legend: true, label: "Encoding", domain: encodings, range: encodings.map((e, k) => style(e, k).color) },
      symbol: { legend: false, domain: encodings, range: encodings.map((e, k) => style(e, k).symbol) },
      marks: [
        Plot.ruleY(baselines, { y: "ap", stroke: "#64748b", strokeDasharray: "4,3" }),
        Plot.ruleY(unpenalized, { y: "ap", stroke: "encoding", strokeOpacity: 0.3 }),
        Plot.line(points, { ...facet, x: "C", y: "ap", stroke: "encoding", sort: "C" }),
        Plot.dot(points, { ...facet, x: "C", y: "ap", stroke: "encoding", symbol: "encoding", r: 3.5, fill: "white" }),
        Plot.text(encodingEnds, { ...facet, x: "C", y: "labelY", text: "text", fill: "encoding", dx: 8, textAnchor: "start", fontSize: 11 }),
        Plot.text(baselineLabels, { ...facet, x: "C", y: "labelY", text: "text", fill: "#475569", fontStyle: "italic", dx: 8, textAnchor: "start", fontSize: 11 }),
        Plot.tip(points, Plot.pointer({ ...facet, x: "C", y: "ap", stroke: "encoding", title: (d: ApByCPoint) => `${d.id}\nC = ${d.C.toExponential(0)}\nAP = ${d.ap.toFixed(4)}\nclick to open` })),
      ],
      ariaLabel: "Validation average precision by C for each encoding and penalty",
    });
    figure.addEventListener("click", () => {
      const value = (figure as unknown as { value: ApByCPoint | null }).value;
      if (value) router.push(`/experiments/${encodeURIComponent(value.id)}`);
    });
    return figure;
  }, [points, baselines, unpenalized], AP_BY_C_MAX_WIDTH);
  return (
    <figure className="my-4">
      <div {...chart} role="img" aria-label="Line charts of validation average precision against C, one line per encoding; click a point to open it" data-testid="ap-by-c-chart" className="cursor-pointer" />
      <figcaption className="text-sm text-slate-500">
        Validation AP by regularization strength (unweighted classes). Smaller C means stronger regularization; faint horizontal lines are the
        unregularized fits, the grey dashed lines the baselines, labelled in italics at the right: popularity, and past-purchase (ordered
        before, then popularity). Click a point to open that experiment.
      </figcaption>
    </figure>
  );
}
