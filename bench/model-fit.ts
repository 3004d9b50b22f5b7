/**
 * Timing of the logistic-regression solver on synthetic data.
 *
 *   npx tsx bench/model-fit.ts                      # 1.5M × 20: one loss+gradient pass, L2 and L1 fits
 *   npx tsx bench/model-fit.ts --rows 1500000 --cols 70
 *   npx tsx bench/model-fit.ts --ml                 # also one ml-logistic-regression step at 100k × 28
 *
 * Data: standard-normal features (seeded), true coefficients ~ N(0, 0.5²), intercept −3
 * (≈ 15 % positives at 20 columns), labels drawn from the model. Wall-clock and process CPU time
 * are both reported (the CPU time is less sensitive to other processes on a shared machine). Timings are wall-clock on whatever machine runs
 * this; the min and median of the repetitions are reported.
 */
import { logLossGradient } from "../lib/model/objective";
import { fitLogisticRegression } from "../lib/model/logistic-regression";
import type { DesignMatrix } from "../lib/model/design-matrix";
import { gaussianRng, numberArg } from "./harness";

const flag = (name: string) => process.argv.includes(`--${name}`);

function synthetic(rows: number, cols: number, seed = 1): { X: DesignMatrix; y: Float64Array; trueCoef: Float64Array } {
  const r = gaussianRng(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = r.normal();
  const trueCoef = new Float64Array(cols);
  for (let j = 0; j < cols; j++) trueCoef[j] = 0.5 * r.normal();
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = -3;
    for (let j = 0; j < cols; j++) z += data[i * cols + j] * trueCoef[j];
    y[i] = r.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows, cols }, y, trueCoef };
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} ms, median ${s[Math.floor(s.length / 2)].toFixed(1)} ms (n=${s.length})`;
}

function main(): void {
  const rows = numberArg("rows", 1_500_000);
  const cols = numberArg("cols", 20);
  const reps = numberArg("reps", 15);
  console.log(`node ${process.version}; synthetic ${rows.toLocaleString("en")} × ${cols}`);
  let t = performance.now();
  const { X, y } = synthetic(rows, cols);
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i];
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s; positives ${((100 * positives) / rows).toFixed(1)} %`);

  // One fused loss+gradient pass (unit weights, then with a weight array as class weights produce).
  const theta = new Float64Array(cols + 1);
  for (let j = 0; j <= cols; j++) theta[j] = 0.01 * (j - cols / 2);
  const grad = new Float64Array(cols + 1);
  const weights = new Float64Array(rows).fill(1);
  for (const [label, w] of [["unit weights", null], ["weight array", weights]] as const) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k < reps + 3; k++) {
      const c = process.cpuUsage();
      t = performance.now();
      logLossGradient(X, y, w, theta, grad, 1 / rows);
      const wall = performance.now() - t;
      const used = process.cpuUsage(c);
      if (k >= 3) {
        // 3 warm-up passes
        times.push(wall);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    console.log(`loss+gradient, ${label}: wall ${stats(times)}; cpu ${stats(cpu)}`);
  }

  // Full fits.
  const fits: Array<[string, Parameters<typeof fitLogisticRegression>[2]]> = [
    ["L2, C=1", { penalty: "l2", C: 1 }],
    ["L2, C=1, balanced", { penalty: "l2", C: 1, classWeight: "balanced" }],
    ["L1, C=1e-5", { penalty: "l1", C: 1e-5 }],
  ];
  for (const [label, options] of fits) {
    t = performance.now();
    const fit = fitLogisticRegression(X, y, options);
    const seconds = (performance.now() - t) / 1000;
    const zeros = fit.coef.filter((v) => v === 0).length;
    console.log(
      `fit ${label} (tol ${options.tol ?? "default 1e-6"}): ${seconds.toFixed(2)} s, ${fit.iterations} iterations, ` +
        `${fit.evaluations} loss+gradient passes, ${(1000 * seconds / (fit.evaluations ?? 1)).toFixed(0)} ms/pass, ` +
        `converged ${fit.converged} (${fit.stopReason}), gradNorm ${fit.gradNorm.toExponential(2)}, zero coefs ${zeros}`,
    );
  }

  if (flag("ml")) void mlStep();
}

/** One gradient step of ml-logistic-regression (its train() with numSteps = 1) at 100k × 28. */
async function mlStep(): Promise<void> {
  const { Matrix } = await import("ml-matrix");
  const { default: LogisticRegression } = await import("ml-logistic-regression");
  const rows = 100_000;
  const cols = 28;
  const { X, y } = synthetic(rows, cols - 1, 2);
  const withOnes = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols - 1; j++) withOnes.set(i, j, X.data[i * (cols - 1) + j]);
    withOnes.set(i, cols - 1, 1);
  }
  const Y = Matrix.columnVector(Array.from(y));
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const model = new LogisticRegression({ numSteps: 1, learningRate: 5e-4 });
    const t = performance.now();
    model.train(withOnes, Y); // binary: trains 2 one-vs-rest classifiers of 1 step each
    times.push((performance.now() - t) / 2);
  }
  console.log(`ml-logistic-regression, one gradient step at ${rows.toLocaleString("en")} × ${cols}: ${stats(times)}`);
}

main();
