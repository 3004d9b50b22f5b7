import { encodingDefinition } from "../../features/encodings";
import { formatPercent } from "../../format";
import type { ExperimentResult } from "../results/result";

/**
 * Short generated sentences for the notebook pages: every number comes from a stored result, so the
 * text stays true when the results change.
 */

export function describeSpec(result: ExperimentResult): string {
  const spec = result.spec;
  if (spec.kind === "baseline") {
    return spec.score === "global_popularity"
      ? "Baseline: customers are ranked by the product's global popularity alone, with no model (the same for every customer of a product)."
      : "Baseline: customers who ordered the product before come first, then products by global popularity, with no model.";
  }
  const encoding = encodingDefinition(spec.encoding).description;
  const penalty =
    spec.penalty === "none"
      ? "no regularization"
      : spec.penalty === "elasticnet"
        ? `elastic-net regularization (C = ${spec.C}, l1_ratio = ${spec.l1Ratio})`
        : `${spec.penalty.toUpperCase()} regularization (C = ${spec.C})`;
  const weights = spec.classWeight === "balanced" ? ", classes re-weighted to balance purchases and non-purchases" : "";
  return `Logistic regression on standardized features with ${encoding}, ${penalty}${weights}.`;
}

export function describeFit(result: ExperimentResult): string {
  if (!result.fit) return "A baseline needs no fit.";
  const f = result.fit;
  const status = f.converged ? "converged" : `did not converge (${f.warning ?? "iteration limit"})`;
  return `The solver ${status} after ${f.iterations} iterations in ${result.seconds.fit.toFixed(2)} s on ${result.data.trainRows.toLocaleString("en-US")} training rows.`;
}

export function describeOperatingPoint(result: ExperimentResult, baselines: ExperimentResult[]): string {
  const v = result.validation;
  const others = baselines.filter((b) => b.id !== result.id);
  const apRatio = others.length
    ? ` (${others.map((b) => `${b.spec.kind === "baseline" && b.spec.score === "global_popularity" ? "popularity baseline" : "past-purchase baseline"} ${b.validation.averagePrecision.toFixed(3)}`).join(", ")}; the paired comparison with intervals is on the compare page)`
    : "";
  return (
    `Average precision on validation is ${v.averagePrecision.toFixed(3)}${apRatio}. ` +
    `At the threshold that maximises F0.3 (${v.bestThreshold.toPrecision(3)}), ${formatPercent(v.precision, 1)} of pushes reach a buyer ` +
    `and ${formatPercent(v.recall, 1)} of buyers are reached, with ${v.pushes.toLocaleString("en-US")} pushes among ${v.rows.toLocaleString("en-US")} candidate rows.`
  );
}

export function describeCoefficients(result: ExperimentResult, labels: (feature: string) => string): string {
  const top = [...result.coefficients].filter((c) => c.coef !== 0).sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef)).slice(0, 3);
  if (top.length === 0) return "Every coefficient is zero: regularization removed all features, so every customer gets the same score.";
  const parts = top.map((c) => `${labels(c.feature)} (${c.coef > 0 ? "raises" : "lowers"} the score)`);
  const zeros = result.coefficients.filter((c) => c.coef === 0).length;
  return `The strongest signals are ${parts.join(", ")}.${zeros ? ` ${zeros} of ${result.coefficients.length} coefficients are exactly zero.` : ""}`;
}
