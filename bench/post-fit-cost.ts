/**
 * The per-experiment work after a fit, before and after it shared one sort, timed interleaved in one
 * process on a feature frame (the full-size default file for the figures in bench/README.md):
 *
 *   node --import tsx bench/post-fit-cost.ts --file F --cache DIR [--reps 7] [--only after|before]
 *   node --cpu-prof --cpu-prof-dir bench/out/prof --import tsx bench/post-fit-cost.ts --file F --cache DIR --only after
 *
 * Fits lr-none-l2-C1e-6 once, scores the training and validation rows, then per repetition (order
 * alternating ABBA): the evaluation stage after predictProba (metrics, curves, calibration,
 * BOOTSTRAP_REPLICATES order-bootstrap intervals) the earlier way (test/helpers/evaluation-before.ts)
 * and the new way (evaluateValidationScores), and the training AP / ROC-AUC both ways; plus the new
 * path's parts (order groups, ranking, curve, one replicate pass, the draws). Checks that both ways
 * give the same numbers bit for bit. Prints one JSON line: medians of wall and CPU seconds of this
 * thread, the load average before and after.
 */
import os from "node:os";
import { BOOTSTRAP_REPLICATES, orderGroups, rankByScore, replicateDraws, replicateMetrics } from "../lib/experiments/comparison/bootstrap";
import { evaluateValidationScores } from "../lib/experiments/running/fit-job";
import { fitPipeline, transformRows } from "../lib/features/pipeline";
import { averagePrecisionAndRocAuc, binaryClfCurveFromSorted } from "../lib/metrics";
import { fitLogisticRegression, predictProba } from "../lib/model/logistic-regression";
import { evaluateValidationBefore, replicateDrawsBefore, trainingMetricsBefore } from "../test/helpers/evaluation-before";
import { arg, fileArguments, loadSplits, measure, median } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/post-fit-cost.ts --file F --cache DIR [--reps n] [--only after|before]");
const reps = Number(arg("reps", "7"));
const only = arg("only");

const loadBefore = os.loadavg();
const splits = await loadSplits(file, cacheDir);
const { frame, data } = splits;
const { state, train } = fitPipeline(frame, data.split.rows.train, { encoding: "none" });
const fit = fitLogisticRegression(train, splits.y.train, { penalty: "l2", C: 1e-6 });
const trainScores = predictProba(train, fit.coef, fit.intercept);
const validation = transformRows(state, frame, data.split.rows.validation);
const scores = predictProba(validation, fit.coef, fit.intercept);
const yValidation = splits.y.validation;
const yTrain = splits.y.train;
const orders = splits.orders.validation;

const runs: Record<string, { wall: number[]; cpu: number[] }> = {};
function record<T>(name: string, fn: () => T): T {
  const m = measure(fn);
  const r = (runs[name] ??= { wall: [], cpu: [] });
  r.wall.push(m.wall);
  r.cpu.push(m.cpu);
  return m.out;
}

const EVALUATION = `evaluation stage after predictProba (metrics, curves, calibration, ${BOOTSTRAP_REPLICATES}-replicate intervals)`;
const TRAINING = "training AP + ROC-AUC";
let identical = true;
for (let r = 0; r < reps; r++) {
  const order = r % 2 === 0 ? ["before", "after"] : ["after", "before"];
  const results: Record<string, unknown> = {};
  for (const way of order) {
    if (only && way !== only) continue;
    results[`evaluation ${way}`] = record(`${EVALUATION}: ${way}`, () => (way === "before" ? evaluateValidationBefore(yValidation, scores, orders) : evaluateValidationScores(yValidation, scores, orders)));
    results[`training ${way}`] = record(`${TRAINING}: ${way}`, () => (way === "before" ? trainingMetricsBefore(yTrain, trainScores) : averagePrecisionAndRocAuc(yTrain, trainScores)));
  }
  if (!only) {
    // JSON keeps every digit of a double (NaN as null; no −0 in these results).
    identical &&= JSON.stringify(results["evaluation before"]) === JSON.stringify(results["evaluation after"]);
    identical &&= JSON.stringify(results["training before"]) === JSON.stringify(results["training after"]);
  }
  if (only === "before") continue;
  const { group, groups } = record("after, part: orderGroups", () => orderGroups(orders));
  const ranking = record("after, part: rankByScore (the one sort)", () => rankByScore(scores, yValidation, group, groups));
  record("after, part: binaryClfCurveFromSorted", () => binaryClfCurveFromSorted(ranking.scores, ranking.labels));
  record(`after, part: ${BOOTSTRAP_REPLICATES} replicates (replicateMetrics)`, () => replicateMetrics(ranking, groups, 0.3));
  record(`after, part: ${BOOTSTRAP_REPLICATES} × replicateDraws`, () => {
    let s = 0;
    for (const draws of replicateDraws(groups)) s += draws[0];
    return s;
  });
  record(`before, part: ${BOOTSTRAP_REPLICATES} × replicateDraws (Random.int)`, () => {
    let s = 0;
    for (const draws of replicateDrawsBefore(groups)) s += draws[0];
    return s;
  });
}
const seconds = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { wall: Number(median(v.wall).toFixed(4)), cpu: Number(median(v.cpu).toFixed(4)), wallAll: v.wall.map((x) => Number(x.toFixed(3))) }]));
process.stdout.write(
  `${JSON.stringify({
    file,
    rows: { train: yTrain.length, validation: yValidation.length, validationOrders: orderGroups(orders).groups },
    reps,
    identical: only ? null : identical,
    seconds,
    loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: os.loadavg().map((x) => Number(x.toFixed(2))) },
    cores: os.availableParallelism(),
  })}\n`,
);
