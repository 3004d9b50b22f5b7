import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { familyCacheKey } from "../../lib/experiments/comparison/family-store";
import { comparisonKey, type ComparisonVerdict, type FamilyComparison, type FamilyIntervals, type SimultaneousInterval } from "../../lib/experiments/comparison/family";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { currentFingerprint, currentResult, currentResults } from "../../lib/experiments/results/current-results";
import { runExperiments } from "../../lib/experiments/running/runner";
import { selectModel } from "../../lib/registry/registry";
import { testDaysStatement } from "../../lib/registry/test-ledger";
import { planComparisons } from "../../lib/report/findings";
import { reportClaims } from "../../lib/report/report-claims";
import { registryWorkspace } from "../helpers/registry-workspace";
import { checkFinding } from "./claim-checks";

/**
 * The claims are built from the family's intervals. Here the family is constructed by hand — every
 * planned comparison given an interval of a chosen verdict — and placed in the family cache under the
 * key reportClaims looks up, so each verdict is exercised whatever the small data would give, and
 * every sentence is checked against the interval and verdict it was given.
 */

const lr = (encoding: "none" | "frequency", C: number) => makeLogisticSpec({ encoding, penalty: "l2", C, l1Ratio: null, classWeight: "none", features: null });
const specs: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" },
  { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" },
  lr("none", 1e-2),
  lr("none", 1e-6),
  lr("frequency", 1e-2),
];
const fixture = registryWorkspace("pushlab-report-claims-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0, maxIter: 60, tol: 1e-3 }));

const INTERVALS: Record<ComparisonVerdict, { estimate: number; low: number; high: number }> = {
  better: { estimate: 0.03, low: 0.01, high: 0.05 },
  worse: { estimate: -0.03, low: -0.05, high: -0.01 },
  "not distinguishable": { estimate: 0.004, low: -0.02, high: 0.03 },
};

let level = 0.8; // each construction its own cache key (the key covers the settings)

/** Writes a family giving comparison k the verdict verdicts[k % n] (borderline where asked), and returns the settings to read it with. */
function constructFamily(comparisons: FamilyComparison[], verdicts: ComparisonVerdict[], { borderline = new Set<number>(), dropped = 0 } = {}) {
  const ws = fixture.ws;
  const options = { replicates: 500, seeds: [5, 6, 7], seedReplicates: 100, level: (level += 0.01) };
  const intervals: SimultaneousInterval[] = comparisons.map((c, k) => {
    const verdict = verdicts[k % verdicts.length];
    return { ...c, ...INTERVALS[verdict], replicates: 500, dropped, verdict, borderline: borderline.has(k), seedSd: 0.001 };
  });
  const family: FamilyIntervals = { method: "bootstrap max-t band", level: options.level, replicates: 500, seeds: options.seeds, seedReplicates: 100, dropped, criticalValue: 2.4, comparisons: intervals, seconds: 0.5 };
  const ids = [...new Set(comparisons.flatMap((c) => [c.candidate, c.reference]))].sort();
  const revisions = ids.map((id): [string, string, string] => {
    const r = currentResult(ws, id)!;
    return [id, r.computedFrom.specHash, r.createdAt];
  });
  const key = familyCacheKey(currentFingerprint(ws)!, revisions, comparisons, options);
  fs.mkdirSync(ws.cacheDir, { recursive: true });
  fs.writeFileSync(path.join(ws.cacheDir, `family-${key}.json`), JSON.stringify({ format: "pushlab-family-v1", key, family }));
  return { options, byKey: new Map(intervals.map((i) => [comparisonKey(i), i])) };
}

function expectEvidenceAsConstructed(claims: ReturnType<typeof reportClaims>, byKey: Map<string, SimultaneousInterval>) {
  expect(claims.findings.length).toBeGreaterThan(0);
  for (const f of claims.findings) {
    checkFinding(f);
    for (const e of f.evidence) {
      const given = byKey.get(comparisonKey(e))!;
      expect(given, `${f.id}: ${e.candidate} vs ${e.reference}`).toBeDefined();
      expect({ estimate: e.estimate, low: e.low, high: e.high, verdict: e.verdict, borderline: e.borderline }).toEqual({ estimate: given.estimate, low: given.low, high: given.high, verdict: given.verdict, borderline: given.borderline });
    }
  }
}

describe("reportClaims on a constructed family", () => {
  for (const verdict of ["better", "worse", "not distinguishable"] as const) {
    it(`every comparison '${verdict}': each finding's sentences and evidence carry that interval and verdict`, () => {
      const planned = planComparisons(currentResults(fixture.ws));
      expect(planned.length).toBeGreaterThanOrEqual(4); // top vs two baselines, encodings, regularization
      const { options, byKey } = constructFamily(planned, [verdict]);
      const claims = reportClaims(fixture.ws, currentResults(fixture.ws), options);
      expectEvidenceAsConstructed(claims, byKey);
      for (const f of claims.findings) if (f.evidence.length) expect(f.verdict).toBe(verdict === "not distinguishable" ? "not distinguishable" : "real");
      expect(claims.family).toMatchObject({ comparisons: planned.length, replicates: 500, seeds: 3, borderline: 0, dropped: 0, criticalValue: 2.4, fromCache: true, computing: false });
      expect(claims.activeVsPopularity).toBeNull(); // no model selected yet
    });
  }

  it("mixed verdicts, one borderline and dropped resamples: the method sentence states each figure", () => {
    const planned = planComparisons(currentResults(fixture.ws));
    const { options, byKey } = constructFamily(planned, ["better", "not distinguishable", "worse"], { borderline: new Set([1]), dropped: 7 });
    const claims = reportClaims(fixture.ws, currentResults(fixture.ws), options);
    expectEvidenceAsConstructed(claims, byKey);
    const pct = Math.round(options.level * 100);
    const s = claims.family.sentence;
    expect(s).toContain(`The ${planned.length} comparisons of this report`);
    expect(s).toContain(`each interval is a simultaneous ${pct}% interval`);
    expect(s).toContain("over 500 resamples of whole validation orders");
    expect(s).toContain(`about ${100 - pct}% in all, not ${100 - pct}% each`);
    expect(s).toContain("1 of them is borderline: repeating the bootstrap with 2 other seeds could change its verdict.");
    // 500 replicates under the first seed + 100 under each of the 2 others
    expect(s).toContain("7 of 700 resamples were left out");
    expect(claims.family.borderline).toBe(1);
  });

  it("without borderline verdicts or dropped resamples the sentence says neither", () => {
    const planned = planComparisons(currentResults(fixture.ws));
    const { options } = constructFamily(planned, ["better"]);
    const s = reportClaims(fixture.ws, currentResults(fixture.ws), options).family.sentence;
    expect(s).not.toMatch(/borderline|left out/);
  });

  it("with a selected model, the answer's comparison joins the family and comes back as activeVsPopularity", async () => {
    const candidate = specs[4].id;
    await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: candidate, actor: "test" });
    const results = currentResults(fixture.ws);
    const answer: FamilyComparison = { candidate, reference: "baseline-global_popularity", metric: "averagePrecision" };
    const planned = planComparisons(results);
    const family = planned.some((c) => comparisonKey(c) === comparisonKey(answer)) ? planned : [...planned, answer];
    for (const verdict of ["better", "worse", "not distinguishable"] as const) {
      const { options, byKey } = constructFamily(family, [verdict]);
      const claims = reportClaims(fixture.ws, results, options);
      expect(claims.activeVsPopularity).toEqual(byKey.get(comparisonKey(answer)));
      expect(claims.activeVsPopularity!.verdict).toBe(verdict);
      expect(claims.family.comparisons).toBe(family.length);
      expect(claims.test!.sentence).toBe(testDaysStatement(claims.test!));
    }
  });
});

describe("reportClaims without a computed family", () => {
  it("with compute: false, returns no findings and a 'being judged' status instead of computing", () => {
    const planned = planComparisons(currentResults(fixture.ws));
    const claims = reportClaims(fixture.ws, currentResults(fixture.ws), { replicates: 500, seeds: [5, 6, 7], level: 0.5, compute: false });
    expect(claims.findings).toEqual([]);
    expect(claims.activeVsPopularity).toBeNull();
    expect(claims.family.computing).toBe(true);
    expect(claims.family.comparisons).toBeGreaterThanOrEqual(planned.length);
    expect(claims.family.sentence).toBe(`The ${claims.family.comparisons} comparisons of this report are being judged as one family (simultaneous 50% intervals over 500 resamples); the findings appear once they are computed.`);
  });

  it("with no results there is nothing to compare, and the sentence says no difference is claimed", () => {
    const claims = reportClaims(fixture.ws, [], { replicates: 500, seeds: [5], level: 0.9 });
    expect(claims.family.comparisons).toBe(0);
    expect(claims.family.sentence).toBe("No comparison could be computed (no stored validation scores), so no difference is claimed.");
    expect(claims.findings.every((f) => f.evidence.every((e) => e.low === null))).toBe(true);
  });
});
