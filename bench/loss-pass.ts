/**
 * The fused loss+gradient pass against its floor, and the passes per fit along the grid's C values,
 * cold against warm-started chains, on synthetic data.
 *
 *   npx tsx bench/loss-pass.ts                   # 1.5M × 20 (the size of the default grid's training rows)
 *   npx tsx bench/loss-pass.ts --rows 200000 --reps 5 --json
 *
 * Floor: one streaming read of the matrix (a sum over every value, the memory traffic of the pass) plus
 * one Math.exp and one Math.log1p per row, each measured alone. CPU time of this process (user + sys)
 * is reported beside wall time: on a shared machine it moves less with the other processes' load.
 * Passes per fit are counts, independent of the machine: the grid's L2 C = 1e-8 … 1e2 then "none",
 * and its L1 C = 1e-4, 1e-2, 1, each cold (from zeros) and as one warm-start chain (fitLogisticRegressionFrom).
 */
import os from "node:os";
import type { DesignMatrix } from "../lib/model/design-matrix";
import { fitLogisticRegression, fitLogisticRegressionFrom, type FitContinuation, type LogisticOptions } from "../lib/model/logistic-regression";
import { logLossGradient } from "../lib/model/objective";
import { gaussianRng, numberArg } from "./harness";

const json = process.argv.includes("--json");
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

function synthetic(rows: number, cols: number): { X: DesignMatrix; y: Float64Array } {
  const r = gaussianRng(1);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = r.normal();
  const coef = Array.from({ length: cols }, () => 0.5 * r.normal());
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = -3;
    for (let j = 0; j < cols; j++) z += data[i * cols + j] * coef[j];
    y[i] = r.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows, cols }, y };
}

/** Min and median over reps (after 3 warm-up calls) of wall and CPU milliseconds. */
function measure(reps: number, run: () => unknown): { wallMs: { min: number; median: number }; cpuMs: { min: number; median: number } } {
  for (let k = 0; k < 3; k++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < reps; k++) {
    const c = process.cpuUsage();
    const t = performance.now();
    run();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const summary = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return { min: Number(s[0].toFixed(1)), median: Number(s[Math.floor(s.length / 2)].toFixed(1)) };
  };
  return { wallMs: summary(wall), cpuMs: summary(cpu) };
}

function chainPasses(X: DesignMatrix, y: Float64Array, steps: LogisticOptions[]) {
  const cold = steps.map((options) => fitLogisticRegression(X, y, options).evaluations!);
  const warm: number[] = [];
  let from: FitContinuation | null = null;
  const t = performance.now();
  for (const options of steps) {
    const out = fitLogisticRegressionFrom(X, y, options, from);
    warm.push(out.fit.evaluations!);
    from = out.continuation;
  }
  const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
  return { cold, warm, coldTotal: sum(cold), warmTotal: sum(warm), warmSeconds: Number(((performance.now() - t) / 1000).toFixed(2)) };
}

function main(): void {
  const rows = numberArg("rows", 1_500_000);
  const cols = numberArg("cols", 20);
  const reps = numberArg("reps", 15);
  const { X, y } = synthetic(rows, cols);
  const theta = Float64Array.from({ length: cols + 1 }, (_, j) => 0.01 * (j - cols / 2));
  const grad = new Float64Array(cols + 1);
  const weights = new Float64Array(rows).fill(1);
  const unit = measure(reps, () => logLossGradient(X, y, null, theta, grad, 1 / rows));
  const weighted = measure(reps, () => logLossGradient(X, y, weights, theta, grad, 1 / rows));
  // A fit's passes over all rows also write their margins (its training scores at the solution).
  const margins = new Float64Array(rows);
  const withMargins = measure(reps, () => logLossGradient(X, y, null, theta, grad, 1 / rows, margins));
  const read = measure(reps, () => {
    let s = 0;
    const d = X.data;
    for (let k = 0; k < d.length; k++) s += d[k];
    return s;
  });
  const transcendental = measure(reps, () => {
    let s = 0;
    for (let i = 0; i < rows; i++) {
      const e = Math.exp(-Math.abs(y[i] - 0.5 - i * 1e-6));
      s += Math.log1p(e);
    }
    return s;
  });
  const floorCpuMs = Number((read.cpuMs.min + transcendental.cpuMs.min).toFixed(1));
  log(`node ${process.version}; synthetic ${rows.toLocaleString("en")} × ${cols}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
  log(`loss+gradient pass, unit weights: cpu min ${unit.cpuMs.min} / median ${unit.cpuMs.median} ms; wall min ${unit.wallMs.min} / median ${unit.wallMs.median} ms`);
  log(`loss+gradient pass writing its margins (as a fit's): cpu min ${withMargins.cpuMs.min} / median ${withMargins.cpuMs.median} ms; wall min ${withMargins.wallMs.min} / median ${withMargins.wallMs.median} ms`);
  log(`loss+gradient pass, weight array: cpu min ${weighted.cpuMs.min} / median ${weighted.cpuMs.median} ms; wall min ${weighted.wallMs.min} / median ${weighted.wallMs.median} ms`);
  log(`floor: read of the matrix ${read.cpuMs.min} ms + exp and log1p per row ${transcendental.cpuMs.min} ms = ${floorCpuMs} ms cpu (pass ÷ floor ${(unit.cpuMs.min / floorCpuMs).toFixed(2)})`);

  const l2: LogisticOptions[] = [...[1e-8, 1e-6, 1e-4, 1e-2, 1, 100].map((C) => ({ penalty: "l2" as const, C })), { penalty: "none" }];
  const l1: LogisticOptions[] = [1e-4, 1e-2, 1].map((C) => ({ penalty: "l1" as const, C }));
  const chains = { l2: chainPasses(X, y, l2), l1: chainPasses(X, y, l1) };
  for (const [name, c] of Object.entries(chains)) {
    log(`${name} chain passes per fit: cold ${c.cold.join(", ")} (${c.coldTotal}); warm ${c.warm.join(", ")} (${c.warmTotal}; ${c.warmSeconds} s)`);
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows, cols, reps, pass: { unit, withMargins, weighted }, floor: { read, transcendental, cpuMs: floorCpuMs }, chains })}\n`);
  }
}

main();
