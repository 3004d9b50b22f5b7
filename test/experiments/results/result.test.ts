import { describe, expect, it } from "vitest";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import { readResult, readScores, readValidationContext } from "../../../lib/experiments/results/results-store";
import { experimentIntervals } from "../../../lib/experiments/results/result-intervals";
import { runExperiments, specHash } from "../../../lib/experiments/running/runner";
import { LIBRARY_VERSION } from "../../../lib/version";
import { registryWorkspace } from "../../helpers/registry-workspace";

/**
 * result.ts declares the shape of a stored result and what its fields mean; these check those
 * statements on results the runner wrote (a baseline and a logistic regression), recomputing what
 * can be recomputed from the stored scores.
 */
const LOGREG = makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const BASELINE: ExperimentSpec = { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" };
const fixture = registryWorkspace("pushlab-result-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs: [BASELINE, LOGREG], workers: 0 }));

describe("ExperimentResult as stored", () => {
  it("says what it was computed from: the data file, the definition and the library", () => {
    for (const spec of [BASELINE, LOGREG]) {
      const r = readResult(fixture.ws.resultsDir, spec.id)!;
      expect(r.format).toBe("pushlab-result-v2");
      expect(r.id).toBe(spec.id);
      expect(r.spec).toEqual(spec);
      expect(r.computedFrom).toEqual({ dataFingerprint: fixture.data.frame.source.fingerprint, specHash: specHash(spec), libraryVersion: LIBRARY_VERSION });
      expect(Number.isNaN(Date.parse(r.createdAt))).toBe(false);
      expect(r.data.trainRows).toBe(fixture.data.split.rows.train.length);
      expect(r.data.validationRows).toBe(fixture.data.split.rows.validation.length);
    }
  });

  it("a baseline has no fit, training figures, coefficients or model", () => {
    const r = readResult(fixture.ws.resultsDir, BASELINE.id)!;
    expect(r.fit).toBeNull();
    expect(r.train).toBeNull();
    expect(r.coefficients).toEqual([]);
    expect(r.model).toBeNull();
  });

  it("a logistic regression's coefficients are its model's, by feature name", () => {
    const r = readResult(fixture.ws.resultsDir, LOGREG.id)!;
    expect(r.coefficients.map((c) => c.feature)).toEqual(r.model!.pipeline.featureNames);
    expect(r.coefficients.map((c) => c.coef)).toEqual(r.model!.coef);
    expect(r.fit!.converged).toBe(true);
    expect(r.train!.averagePrecision).toBeGreaterThan(0);
  });

  it("precision and recall, and their intervals' estimates, are at validation.bestThreshold (recomputed from the stored scores)", () => {
    const context = readValidationContext(fixture.ws.resultsDir, fixture.data.frame.source.fingerprint)!;
    for (const spec of [BASELINE, LOGREG]) {
      const r = readResult(fixture.ws.resultsDir, spec.id)!;
      const scores = readScores(fixture.ws.resultsDir, spec.id)!;
      expect(scores).toHaveLength(r.data.validationRows);
      let pushed = 0;
      let hits = 0;
      let positives = 0;
      scores.forEach((s, i) => {
        positives += context.labels[i];
        if (s >= r.validation.bestThreshold) (pushed++, (hits += context.labels[i]));
      });
      expect(positives).toBe(r.data.validationPositives);
      expect(r.validation.precision, spec.id).toBeCloseTo(hits / pushed, 12);
      expect(r.validation.recall, spec.id).toBeCloseTo(hits / positives, 12);
      const intervals = experimentIntervals(fixture.ws, r)!;
      expect(intervals.precision.estimate).toBeCloseTo(hits / pushed, 12);
      expect(intervals.recall.estimate).toBeCloseTo(hits / positives, 12);
      expect(intervals.averagePrecision.estimate).toBeCloseTo(r.validation.averagePrecision, 12);
      for (const band of Object.values(intervals)) {
        expect(band.low).toBeLessThanOrEqual(band.estimate + 1e-12);
        expect(band.high).toBeGreaterThanOrEqual(band.estimate - 1e-12);
      }
    }
  });
});
