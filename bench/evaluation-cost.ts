/**
 * The cost of evaluating one experiment and of the intervals drawn where verdicts are shown, on a
 * feature frame (the full-size default file for the figures in bench/README.md):
 *
 *   node --import tsx bench/evaluation-cost.ts --file F --cache DIR [--reps 3]
 *
 * Fits lr-none-l2-C1e-6 once, then times (wall and CPU of this thread, median of --reps):
 * evaluateScores (metrics + curves), the runner's evaluation of one experiment; bootstrapIntervals at
 * BOOTSTRAP_REPLICATES, what a page computes (once, cached) where it shows them; one pairedBootstrapDifference at VERDICT_REPLICATES (a verdict of the
 * report or /compare); the test split's intervals at selection; and 100 order-bootstrap passes over the
 * training rows (what each training − validation gap of the report's family adds per replicate).
 * Prints one JSON line with the load average before and after.
 */
import { loadDataset, prepareData } from "../lib/data/dataset";
import { numberColumn } from "../lib/data/feature-frame";
import { ORDER_COLUMN, TARGET_COLUMN } from "../lib/data/schema";
import os from "node:os";
import { BOOTSTRAP_REPLICATES, bootstrapIntervals, orderGroups, pairedBootstrapDifference, rankByScore, replicateMetrics, VERDICT_REPLICATES } from "../lib/experiments/comparison/bootstrap";
import { evaluateScores } from "../lib/experiments/running/evaluate";
import { fitPipeline, transformRows } from "../lib/features/pipeline";
import { fitLogisticRegression, predictProba } from "../lib/model/logistic-regression";
import { arg, fileArguments, measure, median, pick } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/evaluation-cost.ts --file F --cache DIR [--reps n]");
const reps = Number(arg("reps", "3"));

const loadBefore = os.loadavg();
const { frame } = await loadDataset(file, { cacheDir });
const data = prepareData(frame);
const target = numberColumn(frame, TARGET_COLUMN);
const orders = numberColumn(frame, ORDER_COLUMN);
const { state, train } = fitPipeline(frame, data.split.rows.train, { encoding: "none" });
const fit = fitLogisticRegression(train, pick(target, data.split.rows.train), { penalty: "l2", C: 1e-6 });
const score = (rows: Uint32Array) => predictProba(transformRows(state, frame, rows), fit.coef, fit.intercept);
const yValidation = pick(target, data.split.rows.validation);
const validationOrders = pick(orders, data.split.rows.validation);
const scores = score(data.split.rows.validation);
const baseline = pick(numberColumn(frame, "global_popularity"), data.split.rows.validation);
const yTest = pick(target, data.split.rows.test);
const testOrders = pick(orders, data.split.rows.test);
const testScores = score(data.split.rows.test);
const yTrain = pick(target, data.split.rows.train);
const trainGroups = orderGroups(pick(orders, data.split.rows.train));
const trainRanking = rankByScore(predictProba(train, fit.coef, fit.intercept), yTrain, trainGroups.group, trainGroups.groups);
const TRAIN_PASSES = 100;

const runs: Record<string, { wall: number[]; cpu: number[] }> = {};
const record = (name: string, m: { wall: number; cpu: number }) => {
  const r = (runs[name] ??= { wall: [], cpu: [] });
  r.wall.push(m.wall);
  r.cpu.push(m.cpu);
};
let threshold = 0;
let baselineThreshold = 0;
for (let r = 0; r < reps; r++) {
  const evaluation = measure(() => evaluateScores(yValidation, scores, { probabilities: true }));
  record("experiment evaluation in the grid (evaluateScores)", evaluation);
  threshold = evaluation.out.metrics.bestThreshold;
  record(`an experiment's intervals where shown (${BOOTSTRAP_REPLICATES}-replicate bootstrapIntervals)`, measure(() => bootstrapIntervals(scores, yValidation, validationOrders, threshold)));
  baselineThreshold = evaluateScores(yValidation, baseline, { probabilities: false }).metrics.bestThreshold;
  record(`one paired difference (${VERDICT_REPLICATES} replicates)`, measure(() => pairedBootstrapDifference(scores, baseline, yValidation, validationOrders, { candidate: threshold, reference: baselineThreshold })));
  record(`test intervals at selection (${VERDICT_REPLICATES} replicates)`, measure(() => bootstrapIntervals(testScores, yTest, testOrders, threshold, VERDICT_REPLICATES)));
  record(`${TRAIN_PASSES} order-bootstrap passes over the training rows`, measure(() => replicateMetrics(trainRanking, trainGroups.groups, threshold, TRAIN_PASSES)));
}
const seconds = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { wall: Number(median(v.wall).toFixed(3)), cpu: Number(median(v.cpu).toFixed(3)) }]));
process.stdout.write(`${JSON.stringify({ rows: { train: yTrain.length, validation: yValidation.length, test: yTest.length }, reps, seconds, loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: os.loadavg().map((x) => Number(x.toFixed(2))) }, cores: os.availableParallelism() })}\n`);
