import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkspaceData } from "../../../lib/data/workspace-data";
import { currentResult, currentResults } from "../../../lib/experiments/results/current-results";
import { reportClaims } from "../../../lib/report/report-claims";
import { makeLogisticSpec } from "../../../lib/experiments/definitions/definition";
import { cachedFamilyIntervals } from "../../../lib/experiments/comparison/family-store";
import type { FamilyComparison } from "../../../lib/experiments/comparison/family";
import { readTrainingContext, readTrainingScores } from "../../../lib/experiments/results/results-store";
import { runExperiments } from "../../../lib/experiments/running/runner";
import { resolveWorkspace, type Workspace } from "../../../lib/workspace";
import { tempDir } from "../../helpers/feature-frame-csv";

const home = tempDir("pushlab-family-store-");
const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "90", PUSHLAB_SYNTHETIC_SEED: "5" };
const spec = (encoding: "none" | "target" | "target-leaky") => makeLogisticSpec({ encoding, penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const [plain, cross, leaky] = [spec("none"), spec("target"), spec("target-leaky")];
let ws: Workspace;
let fingerprint: string;
let trainRows: number;

beforeAll(async () => {
  ws = resolveWorkspace(env);
  const data = await loadWorkspaceData(ws);
  fingerprint = data.frame.source.fingerprint;
  trainRows = data.split.rows.train.length;
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [plain, cross, leaky], workers: 0 });
}, 120_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("training scores and the family's training − validation gaps", () => {
  it("keeps training scores for the target encodings only, with the training rows' orders and labels", () => {
    expect(readTrainingScores(ws.resultsDir, plain.id)).toBeNull();
    for (const s of [cross, leaky]) expect(readTrainingScores(ws.resultsDir, s.id)).toHaveLength(trainRows);
    const context = readTrainingContext(ws.resultsDir, fingerprint)!;
    expect(context.orderIds).toHaveLength(trainRows);
    expect(context.labels.reduce((a, y) => a + y, 0)).toBe(currentResult(ws, leaky.id)!.data.trainPositives);
  });

  it("gives each gap the stored training AP minus the stored validation AP, and leaves out a gap without training scores", () => {
    const gap = (c: string, r: string): FamilyComparison => ({ candidate: c, reference: r, metric: "averagePrecision", split: "train-minus-validation" });
    const comparisons = [gap(leaky.id, leaky.id), gap(cross.id, cross.id), gap(leaky.id, cross.id), gap(plain.id, plain.id)];
    const family = cachedFamilyIntervals(ws, comparisons, { replicates: 200, seeds: [1, 2], seedReplicates: 50 })!;
    expect(family.missing).toEqual([gap(plain.id, plain.id)]);
    const r = (id: string) => currentResult(ws, id)!;
    const g = (id: string) => r(id).train!.averagePrecision - r(id).validation.averagePrecision;
    const [l, c, d] = family.comparisons;
    expect(l.estimate).toBeCloseTo(g(leaky.id), 12);
    expect(c.estimate).toBeCloseTo(g(cross.id), 12);
    expect(d.estimate).toBeCloseTo(g(leaky.id) - g(cross.id), 12);
    for (const x of family.comparisons) expect(x.low).toBeLessThanOrEqual(x.high);
    // The leaky encoding sees its own labels on the training rows: its gap is the larger.
    expect(l.estimate).toBeGreaterThan(c.estimate);
  });
});

describe("the report's claims without computing in the request (the page)", () => {
  it("says the intervals are being computed and states no finding until they are cached, then reads them", () => {
    const settings = { replicates: 150, seeds: [3, 4], seedReplicates: 40 };
    const pending = reportClaims(ws, currentResults(ws), { ...settings, compute: false });
    expect(pending.family).toMatchObject({ computing: true, replicates: 150 });
    expect(pending.family.comparisons).toBeGreaterThan(0);
    expect(pending.findings).toEqual([]);
    expect(pending.family.sentence).toMatch(/are being judged as one family .* the findings appear once they are computed/);
    const computed = reportClaims(ws, currentResults(ws), settings);
    expect(computed.family).toMatchObject({ computing: false, fromCache: false, comparisons: pending.family.comparisons });
    expect(computed.findings.map((f) => f.id)).toContain("leakage");
    const leakage = computed.findings.find((f) => f.id === "leakage")!;
    expect(leakage.evidence.filter((e) => e.split === "train-minus-validation" && e.low !== null)).toHaveLength(3);
    const cached = reportClaims(ws, currentResults(ws), { ...settings, compute: false });
    expect(cached.family).toMatchObject({ computing: false, fromCache: true });
    expect(cached.findings).toEqual(computed.findings);
  });
});
