/**
 * Time the report's family of comparisons on the workspace's stored results, bypassing the disk cache.
 *   PUSHLAB_HOME=… npx tsx bench/report-family.ts [--replicates N] [--seed-replicates N]
 * Prints the comparisons, the experiments involved, the replicates and the seconds (one thread).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { currentResults } from "../lib/experiments/results/current-results";
import { FAMILY_REPLICATES, FAMILY_SEED_REPLICATES, FAMILY_SEEDS } from "../lib/experiments/comparison/family";
import { cachedFamilyIntervals } from "../lib/experiments/comparison/family-store";
import { planComparisons } from "../lib/report/findings";
import { resolveWorkspace } from "../lib/workspace";
import { arg } from "./harness";

const replicates = Number(arg("replicates") ?? FAMILY_REPLICATES);
const seedReplicates = Number(arg("seed-replicates") ?? FAMILY_SEED_REPLICATES);
const ws = resolveWorkspace();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-bench-family-"));
try {
  const planned = planComparisons(currentResults(ws));
  const experiments = new Set(planned.flatMap((c) => [c.candidate, c.reference])).size;
  const started = performance.now();
  const family = cachedFamilyIntervals({ ...ws, cacheDir: scratch }, planned, { replicates, seeds: FAMILY_SEEDS, seedReplicates });
  const seconds = (performance.now() - started) / 1000;
  const passes = experiments * (replicates + seedReplicates * (FAMILY_SEEDS.length - 1));
  console.log(
    JSON.stringify({
      comparisons: family?.comparisons.length ?? 0,
      experiments,
      replicates,
      seeds: FAMILY_SEEDS.length,
      seedReplicates,
      seconds: Number(seconds.toFixed(2)),
      msPerRankingPass: Number(((seconds * 1000) / passes).toFixed(3)),
      borderline: family?.comparisons.filter((c) => c.borderline).length ?? 0,
    }),
  );
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
