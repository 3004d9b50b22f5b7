import type { ExperimentResult } from "../experiments/results/result";
import { encodingDefinition, type Encoding } from "../features/encodings";
import { BASELINE_NAMES } from "./findings";

/** Section 2's sentence about what was tried, counted from the stored results (never a fixed grid description). */

/** An encoding's name inside the sentence, from the encodings' registry: "frequency", "one-hot", "rare-category grouping". */
const encodingWords = (encoding: Encoding) => encodingDefinition(encoding).inSentence.replace(/ encoding$/, "");

const PENALTY_WORDS: Record<string, string> = { none: "no regularization", l2: "L2", l1: "L1", elasticnet: "elastic-net" };

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export function describeGrid(results: ExperimentResult[]): string {
  const models = results.flatMap((r) => (r.spec.kind === "logreg" ? [{ r, spec: r.spec }] : []));
  const baselines = results.flatMap((r) => (r.spec.kind === "baseline" ? [{ r, spec: r.spec }] : []));
  if (models.length === 0) return "No experiment has run on this data yet.";
  const encodings = [...new Set(models.map((m) => m.spec.encoding))];
  const penalties = [...new Set(models.map((m) => m.spec.penalty))];
  const Cs = [...new Set(models.flatMap((m) => (m.spec.C === null ? [] : [m.spec.C])))].sort((a, b) => a - b);
  const balanced = models.filter((m) => m.spec.classWeight === "balanced");
  const subsets = models.filter((m) => m.spec.features !== null).length;
  const balancedEncodings = [...new Set(balanced.map((m) => encodingWords(m.spec.encoding)))];
  const weights =
    balanced.length === 0
      ? "all with unweighted classes"
      : balanced.length === models.length
        ? "all with balanced class weights"
        : `${models.length - balanced.length} with unweighted classes and ${balanced.length} with balanced class weights (on ${list(balancedEncodings)})`;
  return (
    `${models.length} logistic-regression experiment${models.length === 1 ? "" : "s"} on standardized features, fitted on the training days and judged on the validation days: ` +
    `${encodings.length} encoding${encodings.length === 1 ? "" : "s"} of the product type and vendor (${list(encodings.map(encodingWords))}), ` +
    `${list(penalties.map((p) => PENALTY_WORDS[p]))}${Cs.length ? ` with C from ${Cs[0]} to ${Cs.at(-1)}` : ""}; ${weights}` +
    (subsets ? `; ${subsets} on a chosen subset of the features` : "") +
    ". " +
    (baselines.length
      ? `The reference${baselines.length === 1 ? " is" : "s are"} ${list(baselines.map((b) => `${BASELINE_NAMES[b.spec.score].name}, ${BASELINE_NAMES[b.spec.score].how} (average precision ${b.r.validation.averagePrecision.toFixed(3)})`))}.`
      : "No baseline has run.")
  );
}
