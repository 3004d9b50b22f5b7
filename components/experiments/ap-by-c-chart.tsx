"use client";

import { useRouter } from "next/navigation";
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

/**
 * Small multiples: validation AP against C (log scale), one panel per penalty, one line per encoding,
 * each encoding with its own colour, marker and a label at the end of its line. A click on a point
 * opens that experiment.
 */
export function ApByCChart({ points, baselines, unpenalized }: { points: ApByCPoint[]; baselines: { label: string; ap: number }[]; unpenalized: { encoding: string; ap: number }[] }) {
  const router = useRouter();
  const ref = usePlot((Plot, w) => {
    if (points.length === 0) return null;
    const encodings = [...new Set(points.map((p) => p.encoding))];
    const style = (e: string, k: number) => ENCODING_STYLE[e] ?? { color: FALLBACK[k % FALLBACK.length], symbol: "star" };
    const narrow = w < 640;
    const facet = narrow ? { fy: "penalty" } : { fx: "penalty" };
    const figure = Plot.plot({
      width: w,
      height: narrow ? 220 * new Set(points.map((p) => p.penalty)).size : 320,
      marginLeft: 50,
      marginRight: narrow ? 40 : 90,
      marginBottom: 40,
      fx: { label: "Penalty" },
      fy: { label: "Penalty" },
      x: { type: "log", label: "C (inverse regularization strength, log scale) →", tickFormat: "~e", ticks: narrow ? 3 : undefined },
      y: { label: "Validation average precision", grid: true, nice: true },
      color: { legend: true, label: "Encoding", domain: encodings, range: encodings.map((e, k) => style(e, k).color) },
      symbol: { legend: false, domain: encodings, range: encodings.map((e, k) => style(e, k).symbol) },
      marks: [
        Plot.ruleY(baselines, { y: "ap", stroke: "#64748b", strokeDasharray: "4,3" }),
        Plot.text(baselines, { y: "ap", frameAnchor: "left", dx: 4, dy: -6, text: "label", fill: "#475569", fontSize: 11 }),
        Plot.ruleY(unpenalized, { y: "ap", stroke: "encoding", strokeOpacity: 0.3 }),
        Plot.line(points, { ...facet, x: "C", y: "ap", stroke: "encoding", sort: "C" }),
        Plot.dot(points, { ...facet, x: "C", y: "ap", stroke: "encoding", symbol: "encoding", r: 3.5, fill: "white" }),
        Plot.text(points, Plot.selectLast({ ...facet, x: "C", y: "ap", z: "encoding", text: "encoding", fill: "encoding", dx: 6, textAnchor: "start", fontSize: 11 })),
        Plot.tip(points, Plot.pointer({ ...facet, x: "C", y: "ap", stroke: "encoding", title: (d: ApByCPoint) => `${d.id}\nC = ${d.C.toExponential(0)}\nAP = ${d.ap.toFixed(4)}\nclick to open` })),
      ],
      ariaLabel: "Validation average precision by C for each encoding and penalty",
    });
    figure.addEventListener("click", () => {
      const value = (figure as unknown as { value: ApByCPoint | null }).value;
      if (value) router.push(`/experiments/${encodeURIComponent(value.id)}`);
    });
    return figure;
  }, [points, baselines, unpenalized]);
  return (
    <figure className="my-4">
      <div ref={ref} role="img" aria-label="Line charts of validation average precision against C, one line per encoding; click a point to open it" data-testid="ap-by-c-chart" className="cursor-pointer" />
      <figcaption className="text-sm text-slate-500">
        Validation AP by regularization strength (unweighted classes). Smaller C means stronger regularization; faint horizontal lines are the
        unregularized fits, the dashed lines the baselines (popularity; ordered before, then popularity). Click a point to open that experiment.
      </figcaption>
    </figure>
  );
}
