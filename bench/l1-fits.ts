/**
 * The default grid's L1 and elastic-net fits (OWL-QN) on a real file: the solver as before this change
 * (full-space direction with the pinned coordinates clipped, halving backtracking, 10 curvature pairs)
 * against the current one (subspace direction, interpolating backtracking, 50 pairs), interleaved
 * fit by fit so both see the same load; and, with --hessian, one weighted XᵀDX against one
 * loss+gradient pass on the same matrices (the cost of a Newton-type outer iteration).
 *
 *   node --import tsx bench/l1-fits.ts --file F --cache DIR [--only onehot] [--hessian] [--json]
 *
 * Matrices are built as the runner builds them (float32, the training rows of the temporal split).
 * Per fit: loss+gradient passes and process CPU seconds of each solver; the rescaled objective of both
 * solutions evaluated by the same code (evaluateObjective), their relative difference, and the
 * validation average precision of both. Passes are counts and do not depend on the machine's load.
 */
import type { Encoding } from "../lib/features/pipeline";
import { averagePrecision } from "../lib/metrics";
import type { DesignMatrix } from "../lib/model/design-matrix";
import { evaluateObjective, fitLogisticRegression, predictProba, type LogisticOptions } from "../lib/model/logistic-regression";
import { logLossGradient, logLossHessian } from "../lib/model/objective";
import { minimizeOwlqn } from "../lib/model/owlqn";
import { arg, encodingMatrices, fileArguments, loadSplits, measure } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/l1-fits.ts --file F --cache DIR [--only SUBSTRING] [--hessian] [--json]");
const only = arg("only");
const json = process.argv.includes("--json");
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

interface Spec {
  id: string;
  encoding: Encoding;
  options: LogisticOptions;
}

/** The default grid's L1 / elastic-net experiments (experiments/default.json), with the runner's ids. */
function gridSpecs(): Spec[] {
  const specs: Spec[] = [];
  const encodings: Encoding[] = ["none", "frequency", "target", "target-leaky", "onehot"];
  const c = (v: number) => `C${v.toExponential(0).replace("e+", "e")}`;
  for (const encoding of encodings) {
    for (const C of [1e-4, 1e-2, 1]) specs.push({ id: `lr-${encoding}-l1-${c(C)}`, encoding, options: { penalty: "l1", C } });
    for (const C of [1e-4, 1e-2]) specs.push({ id: `lr-${encoding}-elasticnet-${c(C)}-l1r0.5`, encoding, options: { penalty: "elasticnet", C, l1Ratio: 0.5 } });
  }
  for (const encoding of ["none", "frequency"] as Encoding[]) {
    specs.push({ id: `lr-${encoding}-l1-C1e-2-balanced`, encoding, options: { penalty: "l1", C: 1e-2, classWeight: "balanced" } });
  }
  return specs.filter((s) => only === undefined || s.id.includes(only));
}

/** OWL-QN as it was before the subspace direction: the same problem fitLogisticRegression builds, solved with the earlier settings. */
function previousSolver(X: DesignMatrix, y: Float64Array, options: LogisticOptions): { coef: number[]; intercept: number; evaluations: number; iterations: number } {
  const { rows, cols } = X;
  let weights: Float64Array | null = null;
  let S = rows;
  if (options.classWeight === "balanced") {
    let positives = 0;
    for (let i = 0; i < rows; i++) positives += y[i];
    const w = [rows / (2 * (rows - positives)), rows / (2 * positives)];
    weights = Float64Array.from(y, (v) => w[v]);
    S = weights.reduce((a, b) => a + b, 0);
  }
  const r = options.penalty === "elasticnet" ? options.l1Ratio! : 1;
  const C = options.C!;
  const lambda1 = r / (C * S);
  const lambda2 = (1 - r) / (C * S);
  const smooth = (theta: Float64Array, grad: Float64Array): number => {
    let f = logLossGradient(X, y, weights, theta, grad, 1 / S);
    if (lambda2 > 0) {
      let ww = 0;
      for (let j = 0; j < cols; j++) {
        ww += theta[j] * theta[j];
        grad[j] += lambda2 * theta[j];
      }
      f += 0.5 * lambda2 * ww;
    }
    return f;
  };
  const lambda = new Float64Array(cols + 1).fill(lambda1);
  lambda[cols] = 0;
  const res = minimizeOwlqn(smooth, new Float64Array(cols + 1), lambda, { gtol: 1e-6, maxIter: 1000, memory: 10, direction: "clipped", backtracking: "halve" });
  return { coef: Array.from(res.x.subarray(0, cols)), intercept: res.x[cols], evaluations: res.evaluations, iterations: res.iterations };
}

const splits = await loadSplits(file, cacheDir);
const specs = gridSpecs();
interface Row {
  id: string;
  passes: { before: number; after: number };
  iterations: { before: number; after: number };
  cpuSeconds: { before: number; after: number };
  relativeObjectiveDifference: number;
  apDifference: number;
  converged: boolean;
  nonZero: { before: number; after: number };
}
const results: Row[] = [];
const hessian: Record<string, unknown>[] = [];
let round = 0;
for (const { encoding, train, validation, yTrain } of encodingMatrices(splits, specs.map((s) => s.encoding), log)) {
  if (process.argv.includes("--hessian")) {
    const theta = new Float64Array(train.cols + 1);
    const grad = new Float64Array(train.cols + 1);
    const gram = new Float64Array((train.cols + 1) * (train.cols + 1));
    const pass: number[] = [];
    const gramCpu: number[] = [];
    for (let k = 0; k < 5; k++) {
      pass.push(measure(() => logLossGradient(train, yTrain, null, theta, grad, 1 / train.rows)).cpu);
      // the library's Hessian kernel (margins, σ(1 − σ) and XᵀDX four rows at a time) on every row
      gramCpu.push(measure(() => logLossHessian(train, null, theta, gram, 1 / train.rows)).cpu);
    }
    const min = (v: number[]) => Math.min(...v);
    const row = { encoding, rows: train.rows, cols: train.cols, passCpuMs: Math.round(min(pass) * 1000), gramCpuMs: Math.round(min(gramCpu) * 1000), gramInPasses: Number((min(gramCpu) / min(pass)).toFixed(1)) };
    hessian.push(row);
    log(`  XᵀDX ${row.gramCpuMs} ms cpu min against a pass ${row.passCpuMs} ms: ${row.gramInPasses} passes`);
  }
  for (const spec of specs.filter((s) => s.encoding === encoding)) {
    const runBefore = () => measure(() => previousSolver(train, yTrain, spec.options));
    const runAfter = () => measure(() => fitLogisticRegression(train, yTrain, spec.options));
    let before: ReturnType<typeof runBefore>;
    let after: ReturnType<typeof runAfter>;
    if (round++ % 2 === 0) {
      before = runBefore();
      after = runAfter();
    } else {
      after = runAfter();
      before = runBefore();
    }
    const objective = (coef: number[], intercept: number) => evaluateObjective(train, yTrain, coef, intercept, spec.options).loss;
    const lossBefore = objective(before.out.coef, before.out.intercept);
    const lossAfter = objective(after.out.coef, after.out.intercept);
    const ap = (coef: number[], intercept: number) => averagePrecision(splits.y.validation, predictProba(validation, coef, intercept));
    const apBefore = ap(before.out.coef, before.out.intercept);
    const apAfter = ap(after.out.coef, after.out.intercept);
    const row: Row = {
      id: spec.id,
      passes: { before: before.out.evaluations, after: after.out.evaluations! },
      iterations: { before: before.out.iterations, after: after.out.iterations },
      cpuSeconds: { before: Number(before.cpu.toFixed(2)), after: Number(after.cpu.toFixed(2)) },
      relativeObjectiveDifference: Number(((lossAfter - lossBefore) / Math.abs(lossBefore)).toExponential(2)),
      apDifference: Number((apAfter - apBefore).toExponential(2)),
      converged: after.out.converged,
      nonZero: { before: before.out.coef.filter((v) => v !== 0).length, after: after.out.coef.filter((v) => v !== 0).length },
    };
    results.push(row);
    log(`  ${row.id}: passes ${row.passes.before} → ${row.passes.after}, cpu ${row.cpuSeconds.before} → ${row.cpuSeconds.after} s, ΔF/F ${row.relativeObjectiveDifference}, ΔAP ${row.apDifference}, non-zero ${row.nonZero.before} / ${row.nonZero.after}`);
  }
}
const sum = (f: (r: Row) => number) => results.reduce((a, r) => a + f(r), 0);
const total = {
  fits: results.length,
  passes: { before: sum((r) => r.passes.before), after: sum((r) => r.passes.after) },
  cpuSeconds: { before: Number(sum((r) => r.cpuSeconds.before).toFixed(1)), after: Number(sum((r) => r.cpuSeconds.after).toFixed(1)) },
  maxAbsApDifference: Math.max(...results.map((r) => Math.abs(r.apDifference))),
  maxRelativeObjectiveIncrease: Math.max(...results.map((r) => r.relativeObjectiveDifference)),
  allConverged: results.every((r) => r.converged),
};
log(`total: ${total.fits} fits, passes ${total.passes.before} → ${total.passes.after}, cpu ${total.cpuSeconds.before} → ${total.cpuSeconds.after} s, max |ΔAP| ${total.maxAbsApDifference}, max relative objective increase ${total.maxRelativeObjectiveIncrease}`);
if (json) process.stdout.write(`${JSON.stringify({ file, fits: results, total, hessian })}\n`);
