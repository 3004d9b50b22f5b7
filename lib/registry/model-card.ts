import { MIN_ITEMS_PER_ORDER } from "../data/schema";
import { F_BETA } from "../experiments/running/evaluate";
import type { ExperimentResult } from "../experiments/results/result";
import type { ExperimentIntervals } from "../experiments/results/result-intervals";
import { featureLabel } from "../features/base-features";
import { formatDay } from "../format";
import { wilsonInterval } from "../campaign/campaign";
import { PSI_ALERT } from "../monitoring/psi";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { VersionEntry } from "./index-file";
import type { ModelFile } from "./model-file";
import type { VersionMetadata } from "./registry";
import type { TestLook } from "./test-looks";
import type { VersionEvaluation } from "./version-evaluation";

/**
 * The model card of a registry version, after "Model Cards for Model Reporting" (Mitchell et al.
 * 2019): its sections as data, built only from the version's files (metadata, model, evaluation,
 * scoring reference), the experiment's stored result and the looks at the test days. Every number
 * is a cell holding the value itself; renderers (model-card-render.ts, the version page) format it.
 */

export type NumberKind = "ratio" | "percent" | "count" | "threshold" | "coefficient";
export interface NumberCell {
  value: number | null;
  kind: NumberKind;
  low?: number;
  high?: number;
}
export type Cell = string | NumberCell;

export type CardBlock =
  | { kind: "facts"; items: { label: string; value: Cell }[] }
  | { kind: "list"; items: string[] }
  | { kind: "table"; caption: string; columns: string[]; rows: Cell[][] }
  | { kind: "paragraph"; text: string };

export interface CardSection {
  id: string;
  title: string;
  blocks: CardBlock[];
}

export interface ModelCard {
  version: string;
  title: string;
  sections: CardSection[];
}

export interface ModelCardInput {
  entry: VersionEntry;
  metadata: VersionMetadata;
  model: ModelFile;
  active: boolean;
  /** The experiment's stored result (training counts; whether the validation figures can carry intervals); null if gone. */
  result: ExperimentResult | null;
  /** That result's validation intervals (result-intervals.ts); null when it or its stored scores are gone. */
  validationIntervals: ExperimentIntervals | null;
  evaluation: VersionEvaluation | null;
  reference: ScoringReference | null;
  /** Every look at the test days, oldest first; null when no record of looks is available. */
  testLooks: TestLook[] | null;
}

const n = (value: number | null, kind: NumberKind, interval?: { low: number; high: number } | null): NumberCell =>
  interval && Number.isFinite(interval.low) ? { value, kind, low: interval.low, high: interval.high } : { value, kind };

/** Formats a number cell in words (for sentences; tables use the renderers). */
export function formatCell(cell: Cell): string {
  if (typeof cell === "string") return cell;
  const one = (v: number) => {
    switch (cell.kind) {
      case "percent":
        return `${(100 * v).toFixed(2)}%`;
      case "count":
        return Math.round(v).toLocaleString("en-US");
      case "threshold":
        return v.toPrecision(4);
      case "coefficient":
        return v.toFixed(4);
      default:
        return v.toFixed(4);
    }
  };
  if (cell.value === null || !Number.isFinite(cell.value)) return "–";
  return cell.low !== undefined && cell.high !== undefined ? `${one(cell.value)} [${one(cell.low)}, ${one(cell.high)}]` : one(cell.value);
}

function splitOf(evaluation: VersionEvaluation | null, name: "train" | "validation" | "test") {
  return evaluation?.splits.find((s) => s.name === name) ?? null;
}

function days(s: { firstDay: number; lastDay: number; days: number }): string {
  return `${formatDay(s.firstDay)} → ${formatDay(s.lastDay)} (${s.days} days)`;
}

function specText(metadata: VersionMetadata): { label: string; value: Cell }[] {
  const spec = metadata.spec as Partial<{ encoding: string; penalty: string; C: number | null; l1Ratio: number | null; classWeight: string }>;
  return [
    { label: "Model", value: `logistic regression, penalty ${spec.penalty ?? "?"}${spec.C != null ? `, C = ${spec.C}` : ""}${spec.l1Ratio != null ? `, l1_ratio = ${spec.l1Ratio}` : ""}, class weight ${spec.classWeight ?? "?"}` },
    { label: "Categorical encoding", value: spec.encoding ?? "?" },
  ];
}

export function buildModelCard(input: ModelCardInput): ModelCard {
  const { entry, metadata, model, evaluation, result, validationIntervals, reference, testLooks } = input;
  const sections: CardSection[] = [];
  const threshold = metadata.threshold;
  const testSplit = splitOf(evaluation, "test");
  const validationSplit = splitOf(evaluation, "validation");
  const trainSplit = splitOf(evaluation, "train");
  const refit = metadata.fittedOn === "train+validation";

  // 1. Model details
  const thresholdWhy =
    metadata.thresholdSource === "best-f0.3"
      ? `the held-out rule: the threshold maximising F${F_BETA} on validation (train-only fit)`
      : metadata.thresholdSource === "kept"
        ? "the threshold kept on the experiment's page (on validation figures)"
        : "the threshold given explicitly at selection";
  sections.push({
    id: "model-details",
    title: "Model details",
    blocks: [
      {
        kind: "facts",
        items: [
          { label: "Version", value: `${metadata.version}${input.active ? " (active)" : ""}` },
          { label: "Experiment", value: metadata.experimentId },
          ...specText(metadata),
          { label: "Inputs", value: `${model.pipeline.baseFeatures.length} base features, ${model.featureNames.length} model columns after encoding, standardised` },
          { label: "Output", value: "purchase probability p = 1 / (1 + exp(−(intercept + Σ coefᵢ · zᵢ))), z the standardised columns; push when p ≥ threshold" },
          { label: "Operating threshold", value: n(threshold, "threshold") },
          { label: "Threshold source", value: thresholdWhy },
          { label: "Fitted on", value: metadata.fittedOn },
          { label: "Selected", value: `${metadata.createdAt.slice(0, 19).replace("T", " ")} UTC by ${metadata.actor}` },
          ...(metadata.note ? [{ label: "Note", value: metadata.note }] : []),
          { label: "pushlab", value: metadata.pushlabVersion },
        ],
      },
      {
        kind: "table",
        caption: "Largest coefficients (on standardised columns)",
        columns: ["column", "meaning", "coefficient"],
        rows: model.featureNames
          .map((f, j) => ({ f, c: model.coef[j] }))
          .filter((x) => x.c !== 0)
          .sort((a, b) => Math.abs(b.c) - Math.abs(a.c))
          .slice(0, 8)
          .map((x) => [x.f, featureLabel(x.f), n(x.c, "coefficient")]),
      },
    ],
  });

  // 2. Intended use
  sections.push({
    id: "intended-use",
    title: "Intended use",
    blocks: [
      {
        kind: "list",
        items: [
          "Primary use: rank the customers of one product (a product type or a variant) for a push campaign — `pushlab campaign`, GET /api/campaign — or score a batch with `pushlab predict`.",
          `Population: customers in orders with at least ${MIN_ITEMS_PER_ORDER} purchased items, the only orders the model was fitted and judged on.`,
          `Operating point: push when the probability is at least ${formatCell(n(threshold, "threshold"))} (${thresholdWhy}); F${F_BETA} weighs precision ≈ ${Math.round(1 / (F_BETA * F_BETA))}× more than recall because an irrelevant push risks an uninstall.`,
        ],
      },
      { kind: "paragraph", text: "Out of scope:" },
      {
        kind: "list",
        items: [
          `Orders with fewer than ${MIN_ITEMS_PER_ORDER} items: the filter is defined by what was bought, so these customers were never in the data the figures below describe.`,
          trainSplit && testSplit
            ? `Periods far from the data it was judged on (train ${formatDay(trainSplit.firstDay)} → ${formatDay(trainSplit.lastDay)}, test up to ${formatDay(testSplit.lastDay)}) without watching the scoring reports: nothing was measured there.`
            : "Periods far from the data it was judged on without watching the scoring reports: nothing was measured there.",
          reference
            ? `Categories unseen in training (${reference.categories.product_type?.length ?? 0} product types and ${reference.categories.vendor?.length ?? 0} vendors were seen): they are scored with the encoder's fallback, and scoring reports count them.`
            : "Categories unseen in training: this version keeps no list of training categories, so scoring reports cannot count them.",
          "Decisions other than sending a push (pricing, stock, credit): nothing here was evaluated for them.",
        ],
      },
    ],
  });

  // 3. Factors
  const factorItems: string[] = [];
  if (evaluation) {
    factorItems.push(`Product type: ${evaluation.byProductType.length} product types in the test split, ${evaluation.byProductType.filter((p) => p.positives === 0).length} of them with no purchase there (no AP for them).`);
    const weeks = evaluation.byWeek;
    factorItems.push(`Time: ${weeks.filter((w) => w.split === "validation").length} validation weeks and ${weeks.filter((w) => w.split === "test").length} test weeks, reported separately below.`);
  } else factorItems.push("Product type and week: this version keeps no evaluation by factor (selected before pushlab kept one).");
  factorItems.push("Shift at scoring time: every predict and campaign run compares each input feature and the score with the training sample (population stability index) and counts unseen categories.");
  sections.push({ id: "factors", title: "Factors", blocks: [{ kind: "list", items: factorItems }] });

  // 4. Metrics
  const val = metadata.validation;
  const test = metadata.test;
  const tpOf = (s: typeof val) => Math.round(s.precision * s.pushes);
  const valIntervals = !refit && result ? validationIntervals : null;
  const rows: Cell[][] = [
    ["Average precision", n(val.averagePrecision, "ratio", valIntervals?.averagePrecision), n(test.averagePrecision, "ratio", evaluation?.testIntervals?.averagePrecision)],
    ["ROC-AUC", n(val.rocAuc, "ratio", valIntervals?.rocAuc), n(test.rocAuc, "ratio", evaluation?.testIntervals?.rocAuc)],
    [`Precision at the threshold`, n(val.precision, "percent", wilsonInterval(tpOf(val), val.pushes)), n(test.precision, "percent", wilsonInterval(tpOf(test), test.pushes))],
    [`Recall at the threshold`, n(val.recall, "percent", wilsonInterval(tpOf(val), val.positives)), n(test.recall, "percent", wilsonInterval(tpOf(test), test.positives))],
    [`F${F_BETA} at the threshold`, n(val.f03, "ratio"), n(test.f03, "ratio")],
    ["Pushes (rows at or above the threshold)", n(val.pushes, "count"), n(test.pushes, "count")],
    ["Rows", n(val.rows, "count"), n(test.rows, "count")],
    ["Purchases (positives)", n(val.positives, "count"), n(test.positives, "count")],
    ["Base rate", n(val.rows ? val.positives / val.rows : null, "percent"), n(test.rows ? test.positives / test.rows : null, "percent")],
  ];
  const metricNotes: string[] = [
    `Threshold ${formatCell(n(threshold, "threshold"))}. Intervals are 95%: AP and ROC-AUC from an order bootstrap (whole orders resampled${evaluation?.testIntervals ? `, ${evaluation.testIntervals.replicates} replicates on test` : ""}), precision and recall Wilson intervals on the rows counted.`,
  ];
  if (refit) metricNotes.push("The model was refitted on train + validation, so its validation figures are in-sample (no interval is shown for them); only the test column is held out.");
  else if (!result) metricNotes.push(`The experiment's stored result is gone, so validation AP and ROC-AUC carry no interval.`);
  else if (!validationIntervals) metricNotes.push("The experiment's validation scores are not stored, so validation AP and ROC-AUC carry no interval.");
  if (!evaluation?.testIntervals) metricNotes.push("This version keeps no bootstrap intervals on test.");
  sections.push({
    id: "metrics",
    title: "Metrics",
    blocks: [
      { kind: "table", caption: "Metrics at the operating threshold", columns: ["metric", refit ? "validation (in-sample)" : "validation", "test"], rows },
      { kind: "list", items: metricNotes },
    ],
  });

  // 5. Evaluation data
  const evalItems: { label: string; value: Cell }[] = [];
  if (testSplit) {
    evalItems.push({ label: "Test days", value: days(testSplit) }, { label: "Test orders", value: n(testSplit.orders, "count") });
  }
  evalItems.push({ label: "Test rows", value: n(test.rows, "count") }, { label: "Test purchases", value: n(test.positives, "count") });
  if (validationSplit) evalItems.push({ label: "Validation days (threshold chosen here)", value: days(validationSplit) }, { label: "Validation orders", value: n(validationSplit.orders, "count") });
  sections.push({
    id: "evaluation-data",
    title: "Evaluation data",
    blocks: [
      { kind: "facts", items: evalItems },
      { kind: "paragraph", text: "The split is temporal on whole days by the cumulative share of orders (train ≤ 70%, validation ≤ 90%, test the rest), never splitting an order; the test days come after every day the model or its threshold was chosen on." },
    ],
  });

  // 6. Training data
  const trainItems: { label: string; value: Cell }[] = [
    { label: "Data file", value: metadata.dataFile },
    { label: "Fingerprint", value: metadata.dataFingerprint },
  ];
  if (trainSplit) trainItems.push({ label: "Train days", value: days(trainSplit) }, { label: "Train orders", value: n(trainSplit.orders, "count") }, { label: "Train rows", value: n(trainSplit.rows, "count") }, { label: "Train purchases", value: n(trainSplit.positives, "count") });
  else if (result) trainItems.push({ label: "Train rows", value: n(result.data.trainRows, "count") }, { label: "Train purchases", value: n(result.data.trainPositives, "count") });
  if (refit && validationSplit) trainItems.push({ label: "Also fitted on (refit)", value: `validation, ${formatCell(n(validationSplit.rows, "count"))} rows` });
  if (reference) trainItems.push({ label: "Training sample kept for PSI", value: n(reference.sampleRows, "count") });
  sections.push({ id: "training-data", title: "Training data", blocks: [{ kind: "facts", items: trainItems }] });

  // 7. Quantitative analyses
  const quantitative: CardBlock[] = [];
  if (evaluation) {
    quantitative.push({
      kind: "table",
      caption: "By week (Monday of the week), at the operating threshold",
      columns: ["split", "week", "rows", "purchases", "base rate", "AP", "ROC-AUC", "pushes", "precision"],
      rows: evaluation.byWeek.map((w) => [w.split, formatDay(w.week), n(w.rows, "count"), n(w.positives, "count"), n(w.rows ? w.positives / w.rows : null, "percent"), n(w.averagePrecision, "ratio"), n(w.rocAuc, "ratio"), n(w.pushes, "count"), n(w.pushes ? w.truePositives / w.pushes : null, "percent")]),
    });
    const shown = evaluation.byProductType.slice(0, 15);
    quantitative.push({
      kind: "table",
      caption: `By product type on the test days (the ${shown.length} with the most purchases of ${evaluation.byProductType.length})`,
      columns: ["product type", "rows", "purchases", "AP", "ROC-AUC", "pushes", "precision", "recall"],
      rows: shown.map((p) => [p.productType, n(p.rows, "count"), n(p.positives, "count"), n(p.averagePrecision, "ratio"), n(p.rocAuc, "ratio"), n(p.pushes, "count"), n(p.pushes ? p.truePositives / p.pushes : null, "percent"), n(p.positives ? p.truePositives / p.positives : null, "percent")]),
    });
  } else quantitative.push({ kind: "paragraph", text: "This version keeps no evaluation by week or product type (it was selected before pushlab kept one); select the experiment again to get them." });
  sections.push({ id: "quantitative-analyses", title: "Quantitative analyses", blocks: quantitative });

  // 8. Looks at the test days
  const looks: CardBlock[] = [];
  let lookIndex = -1;
  if (testLooks) {
    lookIndex = testLooks.findIndex((l) => l.version === metadata.version);
    looks.push({
      kind: "paragraph",
      text: `The test days have been looked at ${testLooks.length} time${testLooks.length === 1 ? "" : "s"} in this registry${lookIndex >= 0 ? `; this version came from look ${lookIndex + 1}` : ""}.`,
    });
    looks.push({ kind: "table", caption: "Looks at the test days", columns: ["#", "time", "by", "experiment", "version", "what"], rows: testLooks.map((l, k) => [String(k + 1), l.time.slice(0, 19).replace("T", " "), l.actor, l.experimentId, l.version ?? "", l.what]) });
  } else looks.push({ kind: "paragraph", text: "No record of looks at the test days is available." });
  sections.push({ id: "test-looks", title: "Looks at the test days", blocks: looks });

  // 9. Caveats and recommendations
  const caveats: string[] = [];
  if (lookIndex > 0) caveats.push(`This version came from look ${lookIndex + 1} at the test days: earlier looks may have steered the choice, so its test figures are not a clean confirmation.`);
  if (evaluation?.testIntervals) {
    const ap = evaluation.testIntervals.averagePrecision;
    caveats.push(`Test AP ${formatCell(n(ap.estimate, "ratio", ap))} rests on ${testSplit ? formatCell(n(testSplit.orders, "count")) : "?"} orders; a difference between versions smaller than this interval's width (${(ap.high - ap.low).toFixed(4)}) is not evidence.`);
  }
  if (val.rows && test.rows) {
    caveats.push(`AP moves with the base rate (validation ${formatCell(n(val.positives / val.rows, "percent"))}, test ${formatCell(n(test.positives / test.rows, "percent"))}): compare ROC-AUC as well when the base rate changes.`);
  }
  if (evaluation) {
    const rated = evaluation.byWeek.filter((w) => w.averagePrecision !== null);
    if (rated.length > 1) {
      const lo = rated.reduce((a, b) => (b.averagePrecision! < a.averagePrecision! ? b : a));
      const hi = rated.reduce((a, b) => (b.averagePrecision! > a.averagePrecision! ? b : a));
      caveats.push(`Weekly AP ranged from ${lo.averagePrecision!.toFixed(4)} (week of ${formatDay(lo.week)}, base rate ${formatCell(n(lo.positives / lo.rows, "percent"))}) to ${hi.averagePrecision!.toFixed(4)} (week of ${formatDay(hi.week)}, base rate ${formatCell(n(hi.positives / hi.rows, "percent"))}).`);
    }
    const without = evaluation.byProductType.filter((p) => p.positives === 0).length;
    if (without > 0) caveats.push(`${without} product type${without === 1 ? " has" : "s have"} no purchase on the test days: campaigns for ${without === 1 ? "it" : "them"} have no test evidence; the campaign estimates fall back on the validation curve of all products.`);
  }
  if (refit) caveats.push("Refitted on train + validation: the threshold was chosen with the validation rows the model has now seen.");
  caveats.push(`The ≥ ${MIN_ITEMS_PER_ORDER}-items filter uses the outcome, so it cannot be applied to candidates at push time: scored candidates include customers of smaller orders, for whom these figures were not measured.`);
  caveats.push(
    reference
      ? `Watch the scoring reports: a population stability index above ${PSI_ALERT} on any input or the score means the candidates no longer look like the training sample — re-run the experiments on recent data before trusting the campaign estimates.`
      : "This version keeps no training sample, so its scoring reports cannot compute PSI: select the experiment again to get one.",
  );
  sections.push({ id: "caveats", title: "Caveats and recommendations", blocks: [{ kind: "list", items: caveats }] });

  return { version: entry.version, title: `Model card: ${entry.version} (${entry.experimentId})`, sections };
}
