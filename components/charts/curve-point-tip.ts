import type { CurvePoint } from "@/lib/experiments/running/evaluate";

/** Tooltip text of one point of a PR / F0.3 curve (experiment page and comparison). */
export function curvePointTip(d: CurvePoint): string {
  return `threshold ${d.threshold.toPrecision(3)}\nprecision ${(d.precision * 100).toFixed(1)}%\nrecall ${(d.recall * 100).toFixed(1)}%\nF0.3 ${d.f03.toFixed(3)}\npushes ${d.pushes.toLocaleString("en-US")}`;
}
