/**
 * Breaks ONE experiment of the runner into its parts and times each, in-process (no workers), so a
 * slow stage of `pushlab run` can be attributed to a library function:
 *
 *   node --import tsx bench/experiment-parts.ts --file F --cache DIR [--encoding none] [--penalty l2] [--C 1e-6] [--reps 3]
 *   node --cpu-prof --cpu-prof-dir bench/out/prof --import tsx bench/experiment-parts.ts --file F --cache DIR
 *
 * Parts: fitPipeline (train design matrix), transformRows (validation), fitLogisticRegression,
 * predictProba, evaluateScores (metrics + curves), bootstrapIntervals (BOOTSTRAP_REPLICATES order-bootstrap
 * replicates), and, inside the bootstrap, the ranking of the rows, the replicates' order draws and one
 * group-weighted pass; plus one pairedBootstrapDifference (what the
 * report page and /compare run per comparison). Prints one JSON line (median of --reps).
 */
import { BOOTSTRAP_REPLICATES, bootstrapIntervals, orderGroups, pairedBootstrapDifference, rankByScore, replicateDraws, VERDICT_REPLICATES } from "../lib/experiments/comparison/bootstrap";
import { evaluateScores, F_BETA } from "../lib/experiments/running/evaluate";
import { fitPipeline, transformRows, type Encoding } from "../lib/features/pipeline";
import { groupWeightedRankingMetrics, orderByScoreDescending } from "../lib/metrics/weighted-ranking";
import { fitLogisticRegression, predictProba, type Penalty } from "../lib/model/logistic-regression";
import { arg, fileArguments, loadSplits, measure, median, popularityBaseline } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/experiment-parts.ts --file F --cache DIR [--encoding E] [--penalty P] [--C c] [--reps n]");
const encoding = arg("encoding", "none") as Encoding;
const penalty = arg("penalty", "l2") as Penalty;
const C = Number(arg("C", "1e-6"));
const reps = Number(arg("reps", "3"));

function time<T>(fn: () => T): [T, number] {
  const { out, wall } = measure(fn);
  return [out, wall];
}

const splits = await loadSplits(file, cacheDir);
const { frame, data, loadSeconds: load, prepareSeconds: prepare } = splits;
const yTrain = splits.y.train;
const yValidation = splits.y.validation;
const validationOrders = splits.orders.validation;

const parts: Record<string, number[]> = {};
const record = (name: string, seconds: number) => (parts[name] ??= []).push(seconds);
let info: Record<string, unknown> = {};
for (let r = 0; r < reps; r++) {
  const [{ state, train }, tFit] = time(() => fitPipeline(frame, data.split.rows.train, { encoding }));
  record("fitPipeline", tFit);
  const [validation, tTransform] = time(() => transformRows(state, frame, data.split.rows.validation));
  record("transformRows", tTransform);
  const [fit, tModel] = time(() => fitLogisticRegression(train, yTrain, { penalty, C }));
  record("fitLogisticRegression", tModel);
  const [scores, tPredict] = time(() => predictProba(validation, fit.coef, fit.intercept));
  record("predictProba", tPredict);
  const [evaluation, tEval] = time(() => evaluateScores(yValidation, scores, { probabilities: true }));
  record("evaluateScores", tEval);
  const [, tBoot] = time(() => bootstrapIntervals(scores, yValidation, validationOrders, evaluation.metrics.bestThreshold));
  record(`bootstrapIntervals (${BOOTSTRAP_REPLICATES} replicates)`, tBoot);
  // Pieces of the bootstrap: the sort, the rows in score order, the 200 order draws, one weighted pass.
  const [, tSort] = time(() => orderByScoreDescending(scores));
  record("bootstrap: orderByScoreDescending", tSort);
  const { group, groups } = orderGroups(validationOrders);
  const [ranking, tRank] = time(() => rankByScore(scores, yValidation, group, groups));
  record("bootstrap: rankByScore (incl. the sort)", tRank);
  const [, tDraws] = time(() => {
    let s = 0;
    for (const draws of replicateDraws(groups)) s += draws[0];
    return s;
  });
  record(`bootstrap: ${BOOTSTRAP_REPLICATES} × replicateDraws`, tDraws);
  const [, tPass] = time(() => groupWeightedRankingMetrics(ranking, new Float64Array(groups).fill(1), F_BETA));
  record("bootstrap: one groupWeightedRankingMetrics pass", tPass);
  // One comparison as the report's findings and /compare make: this model vs the global-popularity baseline.
  const baseline = popularityBaseline(splits);
  const [, tPaired] = time(() => pairedBootstrapDifference(scores, baseline.scores, yValidation, validationOrders, { candidate: evaluation.metrics.bestThreshold, reference: baseline.threshold }));
  record(`pairedBootstrapDifference (one comparison, ${VERDICT_REPLICATES} replicates)`, tPaired);
  info = {
    rows: { train: train.rows, validation: validation.rows, cols: train.cols },
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    averagePrecision: evaluation.metrics.averagePrecision,
  };
}

process.stdout.write(
  `${JSON.stringify({
    encoding,
    penalty,
    C,
    reps,
    loadSeconds: Number(load.toFixed(3)),
    prepareSeconds: Number(prepare.toFixed(3)),
    ...info,
    medianSeconds: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Number(median(v).toFixed(4))])),
  })}\n`,
);
