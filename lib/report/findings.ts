import { ENCODINGS, encodingDefinition, type Encoding } from "../features/encodings";
import type { Interval, IntervalMetric } from "../experiments/bootstrap";
import type { LogisticSpec } from "../experiments/definition";
import type { ExperimentResult } from "../experiments/result";

/**
 * Findings for the report, generated from stored results so no number is typed by hand. A difference
 * is only called real when its paired-bootstrap 95% interval excludes zero; otherwise the text says
 * the two are not distinguishable on this data.
 */

export type Verdict = "better" | "worse" | "not distinguishable";
export type Diff = Record<IntervalMetric, Interval & { verdict: Verdict }>;
/** candidate − reference on the same resampled orders, or null when it cannot be computed. */
export type DiffProvider = (candidate: ExperimentResult, reference: ExperimentResult) => Diff | null;

export interface Finding {
  id: "best-vs-baseline" | "encodings" | "regularization" | "class-weights" | "leakage" | "sparsity";
  title: string;
  text: string;
  /** "real" when the finding rests on an interval that excludes 0. */
  verdict: "real" | "not distinguishable" | "context";
}

const encodingName = (encoding: Encoding) => encodingDefinition(encoding).inSentence;

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;

export function describeDiff(diff: Interval & { verdict: Verdict }): string {
  const interval = `95% interval ${signed(diff.low)} to ${signed(diff.high)}`;
  return diff.verdict === "not distinguishable"
    ? `${signed(diff.estimate)} (${interval}, which includes zero: not distinguishable on this data)`
    : `${signed(diff.estimate)} (${interval}: a real ${diff.verdict === "better" ? "gain" : "loss"})`;
}

function logistic(results: ExperimentResult[]): (ExperimentResult & { spec: LogisticSpec })[] {
  return results.filter((r): r is ExperimentResult & { spec: LogisticSpec } => r.spec.kind === "logreg" && !r.spec.features);
}

function best<T extends ExperimentResult>(list: T[]): T | undefined {
  return [...list].sort((a, b) => b.validation.averagePrecision - a.validation.averagePrecision)[0];
}

export function generateFindings(results: ExperimentResult[], diff: DiffProvider): Finding[] {
  const findings: Finding[] = [];
  const models = logistic(results);
  const unweighted = models.filter((r) => r.spec.classWeight === "none");
  const baseline = results.find((r) => r.spec.kind === "baseline");
  const top = best(models);

  if (top && baseline) {
    const d = diff(top, baseline);
    findings.push({
      id: "best-vs-baseline",
      title: "A model beats ranking by popularity",
      text:
        `The best experiment, ${top.id}, reaches an average precision of ${f3(top.validation.averagePrecision)} on the validation days against ` +
        `${f3(baseline.validation.averagePrecision)} for simply pushing the most popular products` +
        (d ? `: ${describeDiff(d.averagePrecision)}.` : ".") +
        ` At its best threshold ${(top.validation.precision * 100).toFixed(1)}% of pushes lead to a purchase (popularity: ${(baseline.validation.precision * 100).toFixed(1)}%).`,
      verdict: d ? (d.averagePrecision.verdict === "not distinguishable" ? "not distinguishable" : "real") : "context",
    });
  }

  const plain = best(unweighted.filter((r) => r.spec.encoding === "none"));
  if (plain) {
    const parts: string[] = [];
    let anyReal = false;
    for (const encoding of ENCODINGS.filter((e) => e !== "none" && e !== "target-leaky")) {
      const candidate = best(unweighted.filter((r) => r.spec.encoding === encoding));
      if (!candidate) continue;
      const d = diff(candidate, plain);
      if (d && d.averagePrecision.verdict !== "not distinguishable") anyReal = true;
      parts.push(`${encodingName(encoding)} (best AP ${f3(candidate.validation.averagePrecision)}${d ? `, ${describeDiff(d.averagePrecision)}` : ""})`);
    }
    if (parts.length) {
      findings.push({
        id: "encodings",
        title: anyReal ? "Encoding product type and vendor changes the ranking" : "Encoding product type and vendor adds nothing we can measure",
        text: `Against the best model on plain features (AP ${f3(plain.validation.averagePrecision)}, ${plain.id}): ${parts.join("; ")}. ` +
          (anyReal ? "At least one encoding makes a difference whose interval excludes zero." : "No encoding gives a difference whose interval excludes zero: the customer's own history carries the signal, not the product's category or brand."),
        verdict: anyReal ? "real" : "not distinguishable",
      });
    }
  }

  const l2 = unweighted.filter((r) => r.spec.encoding === "none" && r.spec.penalty === "l2" && r.spec.C !== null).sort((a, b) => a.spec.C! - b.spec.C!);
  if (l2.length >= 2) {
    const strongest = best(l2)!;
    const weakest = [...l2].sort((a, b) => a.validation.averagePrecision - b.validation.averagePrecision)[0];
    const d = strongest.id !== weakest.id ? diff(strongest, weakest) : null;
    findings.push({
      id: "regularization",
      title: "How much regularization strength matters",
      text:
        `With L2 on plain features, AP ranges from ${f3(weakest.validation.averagePrecision)} (C = ${weakest.spec.C}) to ${f3(strongest.validation.averagePrecision)} (C = ${strongest.spec.C}) across C = ${l2.map((r) => r.spec.C).join(", ")}` +
        (d ? `; best against worst: ${describeDiff(d.averagePrecision)}.` : ".") +
        " C multiplies the summed log-loss, so with over a million training rows even C = 1e-6 leaves the model informative: strong regularization shrinks the weights but keeps their ranking.",
      verdict: d ? (d.averagePrecision.verdict === "not distinguishable" ? "not distinguishable" : "real") : "context",
    });
  }

  const pairs = models
    .filter((r) => r.spec.classWeight === "balanced")
    .map((b) => ({ balanced: b, plain: models.find((u) => u.spec.classWeight === "none" && u.spec.encoding === b.spec.encoding && u.spec.penalty === b.spec.penalty && u.spec.C === b.spec.C && u.spec.l1Ratio === b.spec.l1Ratio) }))
    .filter((p): p is { balanced: (typeof models)[number]; plain: (typeof models)[number] } => p.plain !== undefined);
  if (pairs.length) {
    const bestPair = pairs.sort((a, b) => b.plain.validation.averagePrecision - a.plain.validation.averagePrecision)[0];
    const d = diff(bestPair.balanced, bestPair.plain);
    findings.push({
      id: "class-weights",
      title: "Balanced class weights move the threshold, not the ranking",
      text:
        `Re-weighting purchases to balance the classes (${bestPair.balanced.id} against ${bestPair.plain.id}) changes AP by ` +
        (d ? describeDiff(d.averagePrecision) : signed(bestPair.balanced.validation.averagePrecision - bestPair.plain.validation.averagePrecision)) +
        ` and the best F0.3 by ${d ? describeDiff(d.f03) : signed(bestPair.balanced.validation.f03 - bestPair.plain.validation.f03)}. ` +
        `It inflates the predicted probabilities, so the best-F0.3 threshold moves from ${bestPair.plain.validation.bestThreshold.toPrecision(2)} to ${bestPair.balanced.validation.bestThreshold.toPrecision(2)} and the scores stop being calibrated probabilities.`,
      verdict: d ? (d.averagePrecision.verdict === "not distinguishable" && d.f03.verdict === "not distinguishable" ? "not distinguishable" : "real") : "context",
    });
  }

  const crossFitted = best(unweighted.filter((r) => r.spec.encoding === "target"));
  const leaky = crossFitted && unweighted.find((r) => r.spec.encoding === "target-leaky" && r.spec.penalty === crossFitted.spec.penalty && r.spec.C === crossFitted.spec.C && r.spec.l1Ratio === crossFitted.spec.l1Ratio);
  if (crossFitted && leaky && crossFitted.train && leaky.train) {
    const d = diff(leaky, crossFitted);
    findings.push({
      id: "leakage",
      title: "Leaky target encoding flatters itself on the training days",
      text:
        `Encoding a category by its purchase rate computed on the same rows lets each row see its own label. On the training days the leaky version scores AP ${f3(leaky.train.averagePrecision)} against ${f3(crossFitted.train.averagePrecision)} for the cross-fitted one; ` +
        `on the validation days it is ${f3(leaky.validation.averagePrecision)} against ${f3(crossFitted.validation.averagePrecision)}` +
        (d ? ` (${describeDiff(d.averagePrecision)})` : "") +
        `. The gap between training and validation AP is ${signed(leaky.train.averagePrecision - leaky.validation.averagePrecision)} for leaky against ${signed(crossFitted.train.averagePrecision - crossFitted.validation.averagePrecision)} cross-fitted: cross-fitting (out-of-fold means) is what keeps the training estimate honest.`,
      verdict: d ? (d.averagePrecision.verdict === "not distinguishable" ? "not distinguishable" : "real") : "context",
    });
  }

  const l1 = unweighted.filter((r) => r.spec.penalty === "l1" && r.spec.encoding === "none" && r.spec.C !== null).sort((a, b) => a.spec.C! - b.spec.C!);
  if (l1.length) {
    const counts = l1.map((r) => ({ C: r.spec.C!, nonZero: r.coefficients.filter((c) => c.coef !== 0).length, total: r.coefficients.length, ap: r.validation.averagePrecision }));
    findings.push({
      id: "sparsity",
      title: "L1 keeps only the strongest signals",
      text:
        `With L1 on plain features: ${counts.map((c) => `C = ${c.C} keeps ${c.nonZero} of ${c.total} features (AP ${f3(c.ap)})`).join("; ")}. ` +
        (counts[0].nonZero === 0 ? "At the strongest setting every coefficient is zero and every customer gets the same score, so the ranking is random." : "A handful of history features carry most of the signal."),
      verdict: "context",
    });
  }
  return findings;
}
