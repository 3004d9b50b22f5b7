"use client";

import { usePlot } from "../charts/use-plot";

export interface ApByCPoint {
  id: string;
  encoding: string;
  penalty: string;
  classWeight: string;
  C: number;
  ap: number;
}

/** Small multiples: validation AP against C (log scale), one panel per penalty, one line per encoding. */
export function ApByCChart({ points, baselineAp, unpenalized }: { points: ApByCPoint[]; baselineAp: number | null; unpenalized: { encoding: string; ap: number }[] }) {
  const ref = usePlot((Plot) => {
    if (points.length === 0) return null;
    return Plot.plot({
      width: 900,
      height: 280,
      marginLeft: 50,
      marginBottom: 40,
      fx: { label: "Penalty" },
      x: { type: "log", label: "C (inverse regularization strength, log scale) →", tickFormat: "~e" },
      y: { label: "Validation average precision", grid: true, nice: true },
      color: { legend: true, label: "Encoding" },
      marks: [
        baselineAp === null ? null : Plot.ruleY([baselineAp], { stroke: "#94a3b8", strokeDasharray: "4,3" }),
        baselineAp === null ? null : Plot.text([baselineAp], { y: (d) => d, frameAnchor: "left", dx: 4, dy: -6, text: () => "popularity baseline", fill: "#64748b" }),
        Plot.ruleY(unpenalized, { y: "ap", stroke: "encoding", strokeOpacity: 0.25 }),
        Plot.line(points, { fx: "penalty", x: "C", y: "ap", stroke: "encoding", sort: "C", marker: "circle" }),
        Plot.tip(points, Plot.pointer({ fx: "penalty", x: "C", y: "ap", stroke: "encoding", title: (d: ApByCPoint) => `${d.id}\nC = ${d.C.toExponential(0)}\nAP = ${d.ap.toFixed(4)}` })),
      ],
      ariaLabel: "Validation average precision by C for each encoding and penalty",
    });
  }, [points, baselineAp, unpenalized]);
  return (
    <figure className="my-4">
      <div ref={ref} role="img" aria-label="Line charts of validation average precision against C, one line per encoding" data-testid="ap-by-c-chart" />
      <figcaption className="text-sm text-slate-500">
        Validation AP by regularization strength (unweighted classes). Smaller C means stronger regularization; faint horizontal lines are the
        unregularized fits, the dashed line the popularity baseline.
      </figcaption>
    </figure>
  );
}
