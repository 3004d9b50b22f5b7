import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { BOOTSTRAP_REPLICATES } from "../../../lib/experiments/comparison/bootstrap";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import { experimentIntervals, intervalsCacheKey } from "../../../lib/experiments/results/result-intervals";
import { readResult, readScores, readValidationContext } from "../../../lib/experiments/results/results-store";
import { runExperiments } from "../../../lib/experiments/running/runner";
import { bootstrapIntervalsBefore } from "../../helpers/evaluation-before";
import { registryWorkspace } from "../../helpers/registry-workspace";

/*
 * The runner stores no intervals: a page resamples them from the stored scores where it shows them,
 * and keeps them in the cache. These check that they are the order bootstrap of those scores (the
 * earlier, row-weighted implementation's numbers, bit for bit), that the cache is keyed by the
 * result's revision, and that nothing is made up when the scores are gone.
 */
const LOGREG = makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const BASELINE: ExperimentSpec = { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" };
const fixture = registryWorkspace("pushlab-result-intervals-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs: [BASELINE, LOGREG], workers: 0 }));

const cacheFile = (key: string) => path.join(fixture.ws.cacheDir, `intervals-${key}.json`);

describe("an experiment's intervals, resampled where shown", () => {
  it("are not in the stored result: the grid spends no time on them", () => {
    for (const spec of [BASELINE, LOGREG]) expect(readResult(fixture.ws.resultsDir, spec.id)).not.toHaveProperty("intervals");
  });

  it("equal the order bootstrap of the stored scores at the result's threshold, bit for bit", () => {
    const context = readValidationContext(fixture.ws.resultsDir, fixture.data.frame.source.fingerprint)!;
    for (const spec of [BASELINE, LOGREG]) {
      const result = readResult(fixture.ws.resultsDir, spec.id)!;
      const expected = bootstrapIntervalsBefore(readScores(fixture.ws.resultsDir, spec.id)!, context.labels, context.orderIds, result.validation.bestThreshold);
      const intervals = experimentIntervals(fixture.ws, result)!;
      expect(intervals).toEqual(expected);
      expect(intervals.averagePrecision.replicates).toBe(BOOTSTRAP_REPLICATES);
      expect(intervals.averagePrecision.estimate).toBeCloseTo(result.validation.averagePrecision, 12);
      expect(intervals.averagePrecision.low).toBeLessThan(intervals.averagePrecision.high);
    }
  });

  it("are kept on disk under the result's revision, and read back from there", () => {
    const result = readResult(fixture.ws.resultsDir, LOGREG.id)!;
    const computed = experimentIntervals(fixture.ws, result)!;
    const onDisk = JSON.parse(fs.readFileSync(cacheFile(intervalsCacheKey(result, BOOTSTRAP_REPLICATES)), "utf8"));
    expect(onDisk.intervals).toEqual(computed);
    // Another revision of the result (re-run: a new creation time) has another key: not computed yet.
    const rerun = { ...result, createdAt: "2030-01-01T00:00:00.000Z" };
    expect(intervalsCacheKey(rerun, BOOTSTRAP_REPLICATES)).not.toBe(intervalsCacheKey(result, BOOTSTRAP_REPLICATES));
    expect(experimentIntervals(fixture.ws, rerun, { compute: false })).toBeNull();
    // What is on disk under a key is what comes back (no recomputation) …
    const key = intervalsCacheKey(rerun, BOOTSTRAP_REPLICATES);
    const planted = { ...computed, averagePrecision: { ...computed.averagePrecision, low: 0.123 } };
    fs.writeFileSync(cacheFile(key), JSON.stringify({ format: "pushlab-intervals-v1", key, intervals: planted }));
    expect(experimentIntervals(fixture.ws, rerun, { compute: false })!.averagePrecision.low).toBe(0.123);
  });

  it("are recomputed over a torn cache file", () => {
    const result = { ...readResult(fixture.ws.resultsDir, BASELINE.id)!, createdAt: "2031-01-01T00:00:00.000Z" };
    const file = cacheFile(intervalsCacheKey(result, BOOTSTRAP_REPLICATES));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"format":"pushlab-intervals-v1","key":');
    expect(experimentIntervals(fixture.ws, result, { compute: false })).toBeNull();
    const recomputed = experimentIntervals(fixture.ws, result)!;
    expect(recomputed).toEqual(experimentIntervals(fixture.ws, readResult(fixture.ws.resultsDir, BASELINE.id)!));
    expect(JSON.parse(fs.readFileSync(file, "utf8")).intervals).toEqual(recomputed);
  });

  it("are null, not made up, when the result's scores are gone or belong to other rows", () => {
    const result = readResult(fixture.ws.resultsDir, LOGREG.id)!;
    const gone = { ...result, id: "lr-no-such-scores", createdAt: "2032-01-01T00:00:00.000Z" };
    expect(experimentIntervals(fixture.ws, gone)).toBeNull();
    const otherData = { ...result, createdAt: "2033-01-01T00:00:00.000Z", computedFrom: { ...result.computedFrom, dataFingerprint: "0123abcd" } };
    expect(experimentIntervals(fixture.ws, otherData)).toBeNull();
  });
});
