import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { currentResults } from "../../lib/experiments/results/current-results";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { reportClaims, type ReportClaims } from "../../lib/report/report-claims";
import { resolveWorkspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { checkFinding } from "./claim-checks";

/**
 * A small grid that reaches every finding: both baselines, L2 at a strong and a weak C, L1 at a C that
 * zeroes everything and one that does not, each encoding, the leaky twin and a balanced twin.
 */
const lr = (encoding: "none" | "frequency" | "target" | "target-leaky" | "onehot", penalty: "l2" | "l1", C: number, classWeight: "none" | "balanced" = "none") =>
  makeLogisticSpec({ encoding, penalty, C, l1Ratio: null, classWeight, features: null });

export const PROPERTY_SPECS: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" },
  { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" },
  lr("none", "l2", 1e-8),
  lr("none", "l2", 1e-2),
  lr("none", "l1", 1e-4),
  lr("none", "l1", 1e-2),
  lr("frequency", "l2", 1e-2),
  lr("target", "l2", 1e-2),
  lr("target-leaky", "l2", 1e-2),
  lr("onehot", "l2", 1e-2),
  lr("none", "l2", 1e-2, "balanced"),
];

/** Generates a workspace of `orders` orders with `seed`, runs the small grid and returns the report's claims. */
export async function claimsOnSyntheticWorkspace(root: string, orders: number, seed: number): Promise<ReportClaims> {
  const home = path.join(root, `ws-${orders}-${seed}`);
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders, seed });
  const ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: file });
  const data = prepareData((await loadDataset(file)).frame);
  // Loose fits keep the suite fast; the claims' logic does not depend on convergence.
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: PROPERTY_SPECS, workers: 0, maxIter: 60, tol: 1e-3 });
  return reportClaims(ws, currentResults(ws), { replicates: 300, seeds: [seed, seed + 1, seed + 2], seedReplicates: 100 });
}

/**
 * The property suite over a list of (orders, seed) workspaces: no finding states a difference its
 * verdict denies, every "real" comparison's interval excludes zero (checkFinding), and on the tiny ones
 * (the first three, 60 orders) something is not distinguishable.
 */
export function findingsPropertySuite(title: string, workspaces: [number, number][]): void {
  const dir = tempDir("pushlab-findings-property-");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  describe(title, () => {
    const all: ReportClaims[] = [];
    for (const [orders, seed] of workspaces) {
      it(`${orders} orders, seed ${seed}`, async () => {
        const claims = await claimsOnSyntheticWorkspace(dir, orders, seed);
        all.push(claims);
        expect(claims.findings.map((f) => f.id).sort()).toEqual(["best-vs-baseline", "class-weights", "encodings", "leakage", "regularization", "sparsity"]);
        expect(claims.family.comparisons).toBeGreaterThanOrEqual(8);
        expect(claims.family.replicates).toBe(300);
        for (const f of claims.findings) checkFinding(f);
      }, 120_000);
    }
    it("finds little distinguishable on the tiny workspaces", () => {
      const tiny = all.slice(0, 3).flatMap((c) => c.findings.flatMap((f) => f.evidence));
      expect(tiny.length).toBeGreaterThan(0);
      expect(tiny.filter((e) => e.verdict === "not distinguishable").length).toBeGreaterThan(0);
    });
  });
}
