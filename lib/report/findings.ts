import { ENCODINGS, encodingDefinition } from "../features/encodings";
import type { IntervalMetric } from "../experiments/comparison/bootstrap";
import type { BaselineSpec, LogisticSpec } from "../experiments/definitions/definition";
import type { ComparisonVerdict, FamilyComparison } from "../experiments/comparison/family";
import type { ExperimentResult } from "../experiments/results/result";
import { featureLabel } from "../features/base-features";

/**
 * Findings for the report as typed claims. Each finding names the comparisons it rests on (candidate −
 * reference on one metric, with the family's simultaneous interval); its verdict, its title and every
 * sentence are chosen from those intervals and the stored numbers, so nothing is fixed prose that the
 * numbers could contradict. A comparison without an interval makes no comparative statement.
 *
 * Two steps, because the intervals are computed together as one family: planComparisons(results) lists
 * what the findings need, and generateFindings(results, lookup) writes them from the intervals.
 */

export type FindingId = "best-vs-baseline" | "encodings" | "regularization" | "class-weights" | "leakage" | "sparsity";
export type FindingVerdict = "real" | "not distinguishable" | "context";

export interface Evidence {
  /** What is compared: candidate − reference, experiment ids. */
  candidate: string;
  reference: string;
  metric: IntervalMetric;
  estimate: number;
  /** The simultaneous interval's ends; null when no interval could be computed (then no comparative claim). */
  low: number | null;
  high: number | null;
  verdict: ComparisonVerdict | "no interval";
  /** The verdict could flip under another bootstrap seed. */
  borderline: boolean;
}

export interface Finding {
  id: FindingId;
  title: string;
  /** The technical statement, with every number. */
  text: string;
  /** The same finding in plain words for a non-specialist reader. */
  plain: string;
  /** "real" when at least one comparison's interval excludes 0; "not distinguishable" when every comparison has an interval and none excludes 0; "context" when there is nothing compared. */
  verdict: FindingVerdict;
  borderline: boolean;
  evidence: Evidence[];
}

/** The interval of one comparison, as the family computed it, or null when it has none. */
export type IntervalLookup = (comparison: FamilyComparison) => { estimate: number; low: number; high: number; verdict: ComparisonVerdict; borderline: boolean } | null;

type Logistic = ExperimentResult & { spec: LogisticSpec };
type Baseline = ExperimentResult & { spec: BaselineSpec };

export const BASELINE_NAMES: Record<BaselineSpec["score"], { name: string; how: string; plain: string }> = {
  global_popularity: { name: "the popularity baseline", how: "most popular products first", plain: "pushing the products most people buy" },
  ordered_before_then_popularity: {
    name: "the past-purchase baseline",
    how: "customers who ordered the product before first, then popularity",
    plain: "pushing a product to the customers who bought it before",
  },
};

const METRIC_NAMES: Record<IntervalMetric, string> = { averagePrecision: "AP", rocAuc: "ROC-AUC", f03: "F0.3 at the fixed threshold", precision: "precision at the fixed threshold", recall: "recall at the fixed threshold" };

const f3 = (x: number) => x.toFixed(3);
/** C as written in the grid: 1e-8, 1e-6, 0.01, 100. */
const fc = (C: number) => (C < 1e-3 ? C.toExponential() : String(C));

/** Decimals (3 … 8) enough for every non-zero value to show as non-zero, so "excludes zero" is never printed beside "0.000". */
function decimalsFor(values: number[]): number {
  for (let d = 3; d < 8; d++) if (values.every((v) => v === 0 || Number(Math.abs(v).toFixed(d)) !== 0)) return d;
  return 8;
}

function signedWith(x: number, d: number): string {
  const text = Math.abs(x).toFixed(d);
  return Number(text) === 0 ? text : `${x >= 0 ? "+" : "−"}${text}`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "+0.031 (simultaneous 95% interval +0.020 to +0.042: better)", or the bare estimate with "no interval". */
export function describeEvidence(e: Evidence): string {
  const metric = METRIC_NAMES[e.metric];
  if (e.low === null || e.high === null) return `${metric} ${signedWith(e.estimate, decimalsFor([e.estimate]))} (no interval, so no comparison is made)`;
  const d = decimalsFor([e.estimate, e.low, e.high]);
  const interval = `simultaneous 95% interval ${signedWith(e.low, d)} to ${signedWith(e.high, d)}`;
  const verdict =
    e.verdict === "better" ? "excludes zero: a real gain" : e.verdict === "worse" ? "excludes zero: a real loss" : "includes zero: not distinguishable on this data";
  return `${metric} ${signedWith(e.estimate, d)} (${interval}, which ${verdict}${e.borderline ? "; borderline: another bootstrap seed could change this verdict" : ""})`;
}

function isReal(e: Evidence): boolean {
  return e.verdict === "better" || e.verdict === "worse";
}

function findingVerdict(evidence: Evidence[]): FindingVerdict {
  if (evidence.some(isReal)) return "real";
  if (evidence.length > 0 && evidence.every((e) => e.low !== null)) return "not distinguishable";
  return "context";
}

function logistic(results: ExperimentResult[]): Logistic[] {
  return results.filter((r): r is Logistic => r.spec.kind === "logreg" && !r.spec.features);
}

function best<T extends ExperimentResult>(items: T[]): T | undefined {
  return [...items].sort((a, b) => b.validation.averagePrecision - a.validation.averagePrecision || a.id.localeCompare(b.id))[0];
}

function worst<T extends ExperimentResult>(items: T[]): T | undefined {
  return [...items].sort((a, b) => a.validation.averagePrecision - b.validation.averagePrecision || a.id.localeCompare(b.id))[0];
}

function nonZero(r: ExperimentResult): number {
  return r.coefficients.filter((c) => c.coef !== 0).length;
}

/** The experiments every finding is about, chosen from the stored results only. */
function subjects(results: ExperimentResult[]) {
  const models = logistic(results);
  const unweighted = models.filter((r) => r.spec.classWeight === "none");
  const baselines = results.filter((r): r is Baseline => r.spec.kind === "baseline").sort((a, b) => a.id.localeCompare(b.id));
  const top = best(models);
  const plain = best(unweighted.filter((r) => r.spec.encoding === "none"));
  const encodings = ENCODINGS.filter((e) => e !== "none" && e !== "target-leaky")
    .map((encoding) => ({ encoding, candidate: best(unweighted.filter((r) => r.spec.encoding === encoding)) }))
    .flatMap((e) => (e.candidate ? [{ encoding: e.encoding, candidate: e.candidate }] : []));
  const l2 = unweighted.filter((r) => r.spec.encoding === "none" && r.spec.penalty === "l2" && r.spec.C !== null).sort((a, b) => a.spec.C! - b.spec.C!);
  const pairs = models
    .filter((r) => r.spec.classWeight === "balanced")
    .map((b) => ({ balanced: b, plain: unweighted.find((u) => u.spec.encoding === b.spec.encoding && u.spec.penalty === b.spec.penalty && u.spec.C === b.spec.C && u.spec.l1Ratio === b.spec.l1Ratio) }))
    .filter((p): p is { balanced: Logistic; plain: Logistic } => p.plain !== undefined)
    .sort((a, b) => b.plain.validation.averagePrecision - a.plain.validation.averagePrecision || a.balanced.id.localeCompare(b.balanced.id));
  const crossFitted = best(unweighted.filter((r) => r.spec.encoding === "target"));
  const leaky = crossFitted
    ? unweighted.find((r) => r.spec.encoding === "target-leaky" && r.spec.penalty === crossFitted.spec.penalty && r.spec.C === crossFitted.spec.C && r.spec.l1Ratio === crossFitted.spec.l1Ratio)
    : undefined;
  const l1 = unweighted.filter((r) => r.spec.penalty === "l1" && r.spec.encoding === "none" && r.spec.C !== null).sort((a, b) => a.spec.C! - b.spec.C!);
  const sparsest = [...l1].filter((r) => nonZero(r) > 0).sort((a, b) => nonZero(a) - nonZero(b) || a.spec.C! - b.spec.C!)[0];
  return {
    top,
    baselines,
    plain,
    encodings,
    l2: l2.length >= 2 ? { all: l2, best: best(l2)!, worst: worst(l2)! } : null,
    classWeights: pairs[0] ?? null,
    leakage: crossFitted && leaky ? { crossFitted, leaky } : null,
    l1,
    sparsest: sparsest && plain && sparsest.id !== plain.id ? { candidate: sparsest, reference: plain } : null,
  };
}

const ap = (candidate: ExperimentResult, reference: ExperimentResult, metric: IntervalMetric = "averagePrecision"): FamilyComparison => ({ candidate: candidate.id, reference: reference.id, metric });

/** Every comparison the findings rest on, without duplicates: the report's family. */
export function planComparisons(results: ExperimentResult[]): FamilyComparison[] {
  const s = subjects(results);
  const planned: FamilyComparison[] = [];
  if (s.top) for (const b of s.baselines) planned.push(ap(s.top, b));
  if (s.plain) for (const e of s.encodings) planned.push(ap(e.candidate, s.plain));
  if (s.l2 && s.l2.best.id !== s.l2.worst.id) planned.push(ap(s.l2.best, s.l2.worst));
  if (s.classWeights) planned.push(ap(s.classWeights.balanced, s.classWeights.plain), ap(s.classWeights.balanced, s.classWeights.plain, "f03"));
  if (s.leakage) planned.push(ap(s.leakage.leaky, s.leakage.crossFitted));
  if (s.sparsest) planned.push(ap(s.sparsest.candidate, s.sparsest.reference));
  const seen = new Set<string>();
  return planned.filter((c) => {
    const key = `${c.candidate}\u0000${c.reference}\u0000${c.metric}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function evidenceFor(lookup: IntervalLookup, candidate: ExperimentResult, reference: ExperimentResult, metric: IntervalMetric = "averagePrecision"): Evidence {
  const hit = lookup({ candidate: candidate.id, reference: reference.id, metric });
  if (hit && Number.isFinite(hit.low) && Number.isFinite(hit.high)) {
    return { candidate: candidate.id, reference: reference.id, metric, estimate: hit.estimate, low: hit.low, high: hit.high, verdict: hit.verdict, borderline: hit.borderline };
  }
  const point = (r: ExperimentResult) => (metric === "averagePrecision" ? r.validation.averagePrecision : metric === "rocAuc" ? r.validation.rocAuc : r.validation.f03);
  return { candidate: candidate.id, reference: reference.id, metric, estimate: point(candidate) - point(reference), low: null, high: null, verdict: "no interval", borderline: false };
}

/** "X is better than Y" / "X is worse than Y" / "X and Y are not distinguishable" / "X against Y: not compared (no interval)". */
function relation(subject: string, reference: string, e: Evidence, { plural = false } = {}): string {
  const is = plural ? "are" : "is";
  if (e.verdict === "better") return `${subject} ${is} better than ${reference}`;
  if (e.verdict === "worse") return `${subject} ${is} worse than ${reference}`;
  if (e.verdict === "not distinguishable") return `${subject} and ${reference} are not distinguishable`;
  return `${subject} against ${reference}: not compared (no interval)`;
}

function plainRelation(subject: string, reference: string, e: Evidence): string {
  if (e.verdict === "better") return `${subject} picks buyers better than ${reference}, by more than chance explains`;
  if (e.verdict === "worse") return `${subject} picks buyers worse than ${reference}, by more than chance explains`;
  if (e.verdict === "not distinguishable") return `on the data we have, ${subject} cannot be told apart from ${reference}`;
  return `${subject} was not compared with ${reference}`;
}

function finding(id: FindingId, title: string, text: string, plain: string, evidence: Evidence[]): Finding {
  return { id, title, text, plain, verdict: findingVerdict(evidence), borderline: evidence.some((e) => e.borderline), evidence };
}

export function generateFindings(results: ExperimentResult[], lookup: IntervalLookup): Finding[] {
  const s = subjects(results);
  const findings: Finding[] = [];

  if (s.top && s.baselines.length) {
    const top = s.top;
    const evidence = s.baselines.map((b) => evidenceFor(lookup, top, b));
    const names = s.baselines.map((b) => BASELINE_NAMES[b.spec.score]);
    const same = evidence.every((e) => e.verdict === evidence[0].verdict);
    const both = evidence.length === 2 ? "both baselines" : `all ${evidence.length} baselines`;
    const title =
      evidence.length > 1 && same && evidence[0].verdict !== "no interval"
        ? evidence[0].verdict === "better"
          ? `The best model is better than ${both}`
          : evidence[0].verdict === "worse"
            ? `The best model is worse than ${both}`
            : `The best model is not distinguishable from ${evidence.length === 2 ? "either baseline" : `any of the ${evidence.length} baselines`}`
        : capitalize(evidence.map((e, i) => relation(i === 0 ? "the best model" : "it", names[i].name, e)).join("; "));
    findings.push(
      finding(
        "best-vs-baseline",
        title,
        `The best experiment, ${top.id}, reaches an average precision of ${f3(top.validation.averagePrecision)} on the validation days. ` +
          s.baselines.map((b, i) => `Against ${names[i].name}, ${names[i].how} (AP ${f3(b.validation.averagePrecision)}): ${describeEvidence(evidence[i])}.`).join(" "),
        capitalize(evidence.map((e, i) => plainRelation(i === 0 ? "the model" : "it", names[i].plain, e)).join("; ")) + ".",
        evidence,
      ),
    );
  }

  if (s.plain && s.encodings.length) {
    const plain = s.plain;
    const evidence = s.encodings.map((e) => evidenceFor(lookup, e.candidate, plain));
    const named = s.encodings.map((e, i) => ({ name: encodingDefinition(e.encoding).inSentence, plainName: encodingDefinition(e.encoding).plain, e: evidence[i], r: e.candidate }));
    const by = (v: Evidence["verdict"]) => named.filter((n) => n.e.verdict === v);
    const clauses = [
      by("better").length ? `${list(by("better").map((n) => n.name))} ${by("better").length > 1 ? "rank" : "ranks"} better than plain features` : "",
      by("worse").length ? `${list(by("worse").map((n) => n.name))} ${by("worse").length > 1 ? "rank" : "ranks"} worse than plain features` : "",
      by("not distinguishable").length ? `${list(by("not distinguishable").map((n) => n.name))} ${by("not distinguishable").length > 1 ? "are" : "is"} not distinguishable from plain features` : "",
      by("no interval").length ? `${list(by("no interval").map((n) => n.name))}: not compared (no interval)` : "",
    ].filter(Boolean);
    const allNd = named.every((n) => n.e.verdict === "not distinguishable");
    const real = named.filter((n) => isReal(n.e));
    findings.push(
      finding(
        "encodings",
        allNd ? "Encoding product type and vendor makes no difference we can measure" : capitalize(clauses.join("; ")),
        `Against the best model on plain features (AP ${f3(plain.validation.averagePrecision)}, ${plain.id}): ` +
          named.map((n) => `${n.name} (best AP ${f3(n.r.validation.averagePrecision)}, ${n.r.id}): ${describeEvidence(n.e)}`).join("; ") +
          ". " +
          (allNd
            ? "No encoding moves AP beyond its interval: on this data the product's category and brand add nothing measurable to the features without them."
            : real.length
              ? `Only ${list(real.map((n) => n.name))} ${real.length > 1 ? "differ" : "differs"} beyond ${real.length > 1 ? "their intervals" : "its interval"}.`
              : "No encoding has an interval here, so none is compared."),
        allNd
          ? "Adding what we know about a product's category and brand does not change how well the model picks buyers, as far as this data can tell."
          : capitalize(
              named
                .map((n) =>
                  n.e.verdict === "better"
                    ? `using ${n.plainName} helps the model pick buyers`
                    : n.e.verdict === "worse"
                      ? `using ${n.plainName} makes the model pick buyers worse`
                      : n.e.verdict === "not distinguishable"
                        ? `using ${n.plainName} makes no difference we can measure`
                        : `the effect of using ${n.plainName} was not measured`,
                )
                .join("; "),
            ) + ".",
        evidence,
      ),
    );
  }

  if (s.l2) {
    const { all, best: strongest, worst: weakest } = s.l2;
    const e = strongest.id !== weakest.id ? evidenceFor(lookup, strongest, weakest) : null;
    const range = `the lowest AP is at C = ${fc(weakest.spec.C!)} (${f3(weakest.validation.averagePrecision)}), the highest at C = ${fc(strongest.spec.C!)} (${f3(strongest.validation.averagePrecision)})`;
    const rows = strongest.data.trainRows.toLocaleString("en-US");
    findings.push(
      finding(
        "regularization",
        !e || e.verdict === "no interval"
          ? "Regularization strength: AP at each C (not compared)"
          : e.verdict === "not distinguishable"
            ? `Regularization strength from C = ${fc(all[0].spec.C!)} to C = ${fc(all.at(-1)!.spec.C!)} makes no difference we can measure`
            : e.verdict === "better"
              ? `Regularization strength matters: C = ${fc(strongest.spec.C!)} ranks better than C = ${fc(weakest.spec.C!)}`
              : `Regularization strength matters: C = ${fc(strongest.spec.C!)} ranks worse than C = ${fc(weakest.spec.C!)}`,
        `With L2 on plain features across C = ${all.map((r) => fc(r.spec.C!)).join(", ")}, ${range}` +
          (e ? `; highest against lowest: ${describeEvidence(e)}.` : ".") +
          ` C multiplies the log-loss summed over the ${rows} training rows, so the same C regularizes less on more rows.`,
        !e || e.verdict === "no interval"
          ? "How strongly the model is held back from fitting the data (regularization) was not compared."
          : e.verdict === "not distinguishable"
            ? "How strongly the model is held back from fitting the data (regularization) makes no difference we can measure in how well it picks buyers."
            : "How strongly the model is held back from fitting the data (regularization) changes how well it picks buyers, by more than chance explains.",
        e ? [e] : [],
      ),
    );
  }

  if (s.classWeights) {
    const { balanced, plain } = s.classWeights;
    const eAp = evidenceFor(lookup, balanced, plain);
    const eF = evidenceFor(lookup, balanced, plain, "f03");
    const word = (e: Evidence) => (e.verdict === "better" ? "better" : e.verdict === "worse" ? "worse" : e.verdict === "not distinguishable" ? "not distinguishable" : "not compared");
    findings.push(
      finding(
        "class-weights",
        `Balanced class weights: ranking (AP) ${word(eAp)}, best F0.3 ${word(eF)}`,
        `Re-weighting purchases to balance the classes (${balanced.id} against ${plain.id}) changes ${describeEvidence(eAp)} and ${describeEvidence(eF)}. ` +
          `The best-F0.3 threshold is ${balanced.validation.bestThreshold.toPrecision(2)} with balanced weights and ${plain.validation.bestThreshold.toPrecision(2)} without: ` +
          "re-weighting changes the scale of the scores, so a balanced model's scores are not purchase probabilities.",
        `Telling the model to treat buyers as if they were as common as non-buyers ${
          eAp.verdict === "better"
            ? "makes it pick buyers better"
            : eAp.verdict === "worse"
              ? "makes it pick buyers worse"
              : eAp.verdict === "not distinguishable"
                ? "makes no difference we can measure in how well it picks buyers"
                : "was not compared"
        }; its scores then no longer read as the chance of a purchase.`,
        [eAp, eF],
      ),
    );
  }

  if (s.leakage) {
    const { leaky, crossFitted } = s.leakage;
    const e = evidenceFor(lookup, leaky, crossFitted);
    const train = leaky.train && crossFitted.train ? ` On the training days they score AP ${f3(leaky.train.averagePrecision)} (leaky) and ${f3(crossFitted.train.averagePrecision)} (cross-fitted); those training figures have no interval, so they are shown, not compared.` : "";
    findings.push(
      finding(
        "leakage",
        e.verdict === "better"
          ? "Leaky target encoding ranks better than cross-fitted on the validation days"
          : e.verdict === "worse"
            ? "Leaky target encoding ranks worse than cross-fitted on the validation days"
            : e.verdict === "not distinguishable"
              ? "Leaky and cross-fitted target encoding are not distinguishable on the validation days"
              : "Leaky and cross-fitted target encoding (not compared)",
        "Encoding a category by its purchase rate computed on the same rows lets each training row see its own label; cross-fitting computes it from the other folds. " +
          `On the validation days leaky reaches AP ${f3(leaky.validation.averagePrecision)} (${leaky.id}) and cross-fitted ${f3(crossFitted.validation.averagePrecision)} (${crossFitted.id}): ${describeEvidence(e)}.` +
          train,
        `Computing a category's purchase rate from the very rows the model learns from lets it peek at the answers; ${
          e.verdict === "worse"
            ? "on new days that model picks buyers worse than one built the careful way"
            : e.verdict === "better"
              ? "on new days that model nevertheless picks buyers better than one built the careful way"
              : e.verdict === "not distinguishable"
                ? "on new days we cannot tell it apart from one built the careful way"
                : "the two were not compared"
        }.`,
        [e],
      ),
    );
  }

  if (s.l1.length) {
    const counts = s.l1.map((r) => ({ C: r.spec.C!, nonZero: nonZero(r), total: r.coefficients.length, ap: r.validation.averagePrecision }));
    const e = s.sparsest ? evidenceFor(lookup, s.sparsest.candidate, s.sparsest.reference) : null;
    const sparse = s.sparsest?.candidate;
    const kept = sparse ? sparse.coefficients.filter((c) => c.coef !== 0).map((c) => featureLabel(c.feature)) : [];
    const k = sparse ? nonZero(sparse) : 0;
    const n = sparse?.coefficients.length ?? 0;
    const allZero = counts.filter((c) => c.nonZero === 0).map((c) => c.C);
    const sparsestAny = [...s.l1].filter((r) => nonZero(r) > 0).sort((a, b) => nonZero(a) - nonZero(b) || a.spec.C! - b.spec.C!)[0];
    const keptPlain = kept.length <= 5 ? ` (${list(kept)})` : "";
    findings.push(
      finding(
        "sparsity",
        !sparse || !e || e.verdict === "no interval"
          ? "How many features L1 keeps at each strength"
          : e.verdict === "not distinguishable"
            ? `A model with ${k} of ${n} features is not distinguishable from the full model`
            : e.verdict === "worse"
              ? `Keeping only ${k} of ${n} features ranks worse than the full model`
              : `Keeping only ${k} of ${n} features ranks better than the full model`,
        `With L1 on plain features: ${counts.map((c) => `C = ${fc(c.C)} keeps ${c.nonZero} of ${c.total} features (AP ${f3(c.ap)})`).join("; ")}.` +
          (allZero.length ? ` At C = ${allZero.map(fc).join(", ")} every coefficient is zero, so every customer gets the same score.` : "") +
          (!s.sparsest && sparsestAny && s.plain && sparsestAny.id === s.plain.id
            ? ` The sparsest L1 model with any feature, ${sparsestAny.id}, is itself the best plain-features model (${nonZero(sparsestAny)} of ${sparsestAny.coefficients.length} features).`
            : "") +
          (sparse && e ? ` The sparsest model with any feature, ${sparse.id}, keeps ${list(kept)}; against the best plain-features model ${s.sparsest!.reference.id}: ${describeEvidence(e)}.` : ""),
        !sparse || !e || e.verdict === "no interval"
          ? "Asking the model to use as few signals as possible removes most of them at strong settings; how much that costs was not compared."
          : e.verdict === "not distinguishable"
            ? `A model that uses only ${k} of the ${n} signals${keptPlain} picks buyers as well as the full model, as far as this data can tell.`
            : e.verdict === "worse"
              ? `A model that uses only ${k} of the ${n} signals${keptPlain} picks buyers worse than the full model: the others carry signal too.`
              : `A model that uses only ${k} of the ${n} signals${keptPlain} picks buyers better than the full model.`,
        e ? [e] : [],
      ),
    );
  }
  return findings;
}
