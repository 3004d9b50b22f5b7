/**
 * Time the synthetic feature-frame generator.
 *   npx tsx bench/generate.ts [--orders N] [--seed S] [--out path]
 * Prints wall time, rows, bytes and throughput. The output goes to bench/out/ (git-ignored) unless --out.
 */
import { join } from "node:path";

import { writeSyntheticFeatureFrame } from "../lib/data/generate";
import { arg } from "./harness";

const orders = Number(arg("orders") ?? 3446);
const seed = Number(arg("seed") ?? 42);
const out = arg("out") ?? join("bench", "out", `feature_frame_synthetic_${orders}_${seed}.csv`);

const start = performance.now();
let simulated = 0;
const result = await writeSyntheticFeatureFrame(out, { orders, seed }, (done) => {
  if (done === 0 && simulated === 0) simulated = performance.now();
});
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    out,
    orders: result.orders,
    rows: result.rows,
    bytes: result.bytes,
    simulateSeconds: Number(((simulated - start) / 1000).toFixed(2)),
    totalSeconds: Number(seconds.toFixed(2)),
    megabytesPerSecond: Number((result.bytes / 1e6 / seconds).toFixed(1)),
  }),
);
