import type { Interval } from "../experiments/comparison/bootstrap";
import type { ComparisonVerdict } from "../experiments/comparison/family";
import type { ExperimentResult } from "../experiments/results/result";
import type { ExperimentIntervals } from "../experiments/results/result-intervals";
import { thresholdRuleLabel } from "../registry/threshold-rule";
import type { SelectedModelReport } from "./selected-model";
import { formatPercent } from "../format";
import { encodingDefinition } from "../features/encodings";

/**
 * The answer the report opens with, for a sales lead: at the model's operating point on the test days,
 * the share of pushes that lead to a purchase against the popularity list and random sending, the
 * customers reached, how sure we are and what to do next. Every figure comes from the registry
 * version and the stored results; every sentence is derived from those figures.
 */

export interface ReportSummary {
  testDays: number;
  pushes: number;
  /** pushes / testDays (not rounded). */
  pushesPerDay: number;
  budgetPhrase: string;
  modelPrecision: number;
  baselinePrecision: number;
  randomPrecision: number;
  customersReached: number;
  buyingCustomers: number;
  purchases: number;
  version: string;
  experimentId: string;
  modelName: string;
  headline: string;
  /** One sentence: how sure we are, in plain words. */
  certainty: string;
  nextStep: string;
  /** The technical statement behind `certainty`. */
  certaintyDetail: string;
  /** "ship", "hold" or "caution": what nextStep recommends. */
  recommendation: "ship" | "hold" | "caution";
}

/** "31%", or one decimal below 10% ("4.2%"). */
export function percent(x: number): string {
  const p = x * 100;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;

export function plainModelName(result: Pick<ExperimentResult, "spec"> | null, experimentId: string): string {
  const spec = result?.spec;
  if (!spec || spec.kind !== "logreg") return `model ${experimentId}`;
  return `a scoring model (logistic regression) built on ${encodingDefinition(spec.encoding).builtOn}`;
}

export function budgetPhrase(pushes: number, testDays: number): string {
  const perDay = testDays > 0 ? pushes / testDays : pushes;
  if (perDay >= 1.5) return `about ${Math.round(perDay).toLocaleString("en-US")} pushes a day`;
  return `${pushes.toLocaleString("en-US")} push${pushes === 1 ? "" : "es"} over the ${testDays} test days`;
}

export function buildReportSummary(
  selected: SelectedModelReport,
  /** The selected experiment's result with its validation intervals (result-intervals.ts). */
  result: (Pick<ExperimentResult, "spec"> & { intervals: ExperimentIntervals | null }) | null,
  /** Validation average-precision difference, model − popularity list, on the same resampled orders. */
  vsBaseline: (Interval & { verdict: ComparisonVerdict }) | null,
  /** How that interval was made, for the technical sentence (the report's is simultaneous with its findings). */
  method = "paired order bootstrap",
  /** The comparison is being computed behind the app (the report's family intervals): say so, not "none is stored". */
  comparisonPending = false,
): ReportSummary {
  const { operating, budget, metadata, version } = selected;
  const testDays = budget.testDays;
  const phrase = budgetPhrase(operating.pushes, testDays);
  const headline =
    operating.pushes === 0
      ? `At its threshold the model would send no push in the ${testDays} test days.`
      : `Sending ${phrase}, about ${percent(operating.precision)} of the pushes lead to a purchase — against ${percent(operating.baselinePrecision)} for the same number of pushes of the most popular products and ${percent(operating.randomPrecision)} at random — reaching ${operating.customersReached.toLocaleString("en-US")} of the ${budget.buyingCustomers.toLocaleString("en-US")} customers who bought in the test days.`;

  const validationInterval = result?.intervals?.averagePrecision ?? null;
  // The retrain trigger is the one section 6 names: ROC-AUC's validation interval (AP moves with the base rate).
  const rocAucInterval = selected.rocAucInterval ?? result?.intervals?.rocAuc ?? null;
  const testAp = metadata.test.averagePrecision;
  const testBelow = validationInterval !== null && testAp < validationInterval.low;
  const testAgreement =
    validationInterval === null
      ? ""
      : testBelow
        ? "the untouched test days came out weaker than the checks predicted, so expect somewhat less"
        : testAp > validationInterval.high
          ? "the untouched test days came out even better than the checks predicted"
          : "the untouched test days agree with the checks";

  let certainty: string;
  let recommendation: ReportSummary["recommendation"];
  if (vsBaseline === null) {
    certainty = comparisonPending
      ? `The comparison with the popularity list is still being computed (the findings below show its progress), so for now this rests on the test days alone${testAgreement ? `, and ${testAgreement}` : ""}.`
      : `No paired comparison with the popularity list is stored, so this rests on the test days alone${testAgreement ? `, and ${testAgreement}` : ""}.`;
    recommendation = "caution";
  } else if (vsBaseline.verdict === "better") {
    certainty = `We are confident it picks buyers better than the popularity list: re-checked on resampled sets of validation orders, the likely range of the gain stays above zero${testAgreement ? `, and ${testAgreement}` : ""}.`;
    recommendation = testBelow ? "caution" : "ship";
  } else if (vsBaseline.verdict === "worse") {
    certainty = `It picks buyers worse than the popularity list: re-checked on resampled sets of validation orders, the likely range of the difference stays below zero.`;
    recommendation = "hold";
  } else {
    certainty = `We cannot yet tell it apart from the popularity list: re-checked on resampled sets of validation orders, the likely range of the difference includes no difference at all.`;
    recommendation = "hold";
  }
  const certaintyDetail = [
    vsBaseline
      ? `Validation average precision, model − popularity baseline, ${method}: ${signed(vsBaseline.estimate)} (95% interval ${signed(vsBaseline.low)} to ${signed(vsBaseline.high)}; ${vsBaseline.verdict}).`
      : comparisonPending
        ? "The paired difference against the baseline is being computed."
        : "No paired difference against the baseline could be computed.",
    validationInterval
      ? `Validation AP ${validationInterval.estimate.toFixed(3)} (95% interval ${validationInterval.low.toFixed(3)}–${validationInterval.high.toFixed(3)}); test AP ${testAp.toFixed(3)}.`
      : `Test AP ${testAp.toFixed(3)}.`,
    `Operating threshold ${operating.threshold.toPrecision(3)} (${thresholdRuleLabel(metadata.thresholdSource)}); ${operating.pushes.toLocaleString("en-US")} pushes, ${operating.purchases.toLocaleString("en-US")} purchases (precision ${formatPercent(operating.precision, 1)}) on ${budget.candidateRows.toLocaleString("en-US")} test rows.`,
  ].join(" ");

  const nextStep =
    recommendation === "ship"
      ? `Start sending with version ${version.version} at ${phrase}, watch the weekly figures in section 6, and retrain when the weekly ROC-AUC (how well it orders buyers before non-buyers, which does not move with the share of buyers) falls below ${rocAucInterval ? rocAucInterval.low.toFixed(3) : "its validation interval"}.`
      : recommendation === "caution"
        ? `Try version ${version.version} on a small share of customers first at ${phrase}, and compare its purchases with the popularity list before sending to everyone.`
        : `Do not replace the popularity list with this model yet: compare other experiments on the experiments page and select one that is clearly better.`;

  return {
    testDays,
    pushes: operating.pushes,
    pushesPerDay: testDays > 0 ? operating.pushes / testDays : operating.pushes,
    budgetPhrase: phrase,
    modelPrecision: operating.precision,
    baselinePrecision: operating.baselinePrecision,
    randomPrecision: operating.randomPrecision,
    customersReached: operating.customersReached,
    buyingCustomers: budget.buyingCustomers,
    purchases: operating.purchases,
    version: version.version,
    experimentId: version.experimentId,
    modelName: plainModelName(result, version.experimentId),
    headline,
    certainty,
    certaintyDetail,
    nextStep,
    recommendation,
  };
}
