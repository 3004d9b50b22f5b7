/**
 * The cost of evaluating one experiment and of the intervals drawn where verdicts are shown, on a
 * feature frame (the full-size default file for the figures in bench/README.md):
 *
 *   node --import tsx bench/evaluation-cost.ts --file F --cache DIR [--reps 3]
 *
 * Fits lr-none-l2-C1e-6 once, then times (wall and CPU of this thread, median of --reps):
 * evaluateScores (metrics + curves) + bootstrapIntervals at BOOTSTRAP_REPLICATES, which is the runner's
 * evaluation of one experiment; one pairedBootstrapDifference at VERDICT_REPLICATES (a verdict of the
 * report or /compare); and the test split's intervals at selection. Prints one JSON line.
 */
import { BOOTSTRAP_REPLICATES, bootstrapIntervals, pairedBootstrapDifference, VERDICT_REPLICATES } from "../lib/experiments/comparison/bootstrap";
import { evaluateScores } from "../lib/experiments/running/evaluate";
import { fitPipeline, transformRows } from "../lib/features/pipeline";
import { fitLogisticRegression, predictProba } from "../lib/model/logistic-regression";
import { arg, fileArguments, loadSplits, measure, median, popularityBaseline } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/evaluation-cost.ts --file F --cache DIR [--reps n]");
const reps = Number(arg("reps", "3"));

const splits = loadSplits(file, cacheDir);
const { frame, data } = splits;
const { state, train } = fitPipeline(frame, data.split.rows.train, { encoding: "none" });
const fit = fitLogisticRegression(train, splits.y.train, { penalty: "l2", C: 1e-6 });
const score = (rows: Uint32Array) => predictProba(transformRows(state, frame, rows), fit.coef, fit.intercept);
const yValidation = splits.y.validation;
const validationOrders = splits.orders.validation;
const scores = score(data.split.rows.validation);
const baseline = popularityBaseline(splits);
const yTest = splits.y.test;
const testOrders = splits.orders.test;
const testScores = score(data.split.rows.test);

const runs: Record<string, { wall: number[]; cpu: number[] }> = {};
const record = (name: string, m: { wall: number; cpu: number }) => {
  const r = (runs[name] ??= { wall: [], cpu: [] });
  r.wall.push(m.wall);
  r.cpu.push(m.cpu);
};
let threshold = 0;
for (let r = 0; r < reps; r++) {
  const evaluation = measure(() => {
    const e = evaluateScores(yValidation, scores, { probabilities: true });
    bootstrapIntervals(scores, yValidation, validationOrders, e.metrics.bestThreshold);
    return e;
  });
  record(`experiment evaluation (evaluateScores + ${BOOTSTRAP_REPLICATES}-replicate bootstrapIntervals)`, evaluation);
  threshold = evaluation.out.metrics.bestThreshold;
  record(`one paired difference (${VERDICT_REPLICATES} replicates)`, measure(() => pairedBootstrapDifference(scores, baseline.scores, yValidation, validationOrders, { candidate: threshold, reference: baseline.threshold })));
  record(`test intervals at selection (${VERDICT_REPLICATES} replicates)`, measure(() => bootstrapIntervals(testScores, yTest, testOrders, threshold, VERDICT_REPLICATES)));
}
const seconds = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { wall: Number(median(v.wall).toFixed(3)), cpu: Number(median(v.cpu).toFixed(3)) }]));
process.stdout.write(`${JSON.stringify({ rows: { validation: yValidation.length, test: yTest.length }, reps, seconds })}\n`);
