import { describe, expect, it } from "vitest";
import { bootstrapIntervals, orderGroups } from "../../../lib/experiments/comparison/bootstrap";
import { claimPoint, evaluatePathPoint, PathEvaluator, type PathValidation } from "../../../lib/experiments/paths/path-evaluation";
import { designMatrixFromRows } from "../../../lib/model/design-matrix";

/**
 * 8 validation rows, one feature x = 3, 2, …, −4, two rows per order; purchases on rows 1, 3 and 6.
 * With coef [1] and intercept 0 the score σ(x) ranks the rows in file order, so by hand:
 *   AP = (1/1 + 2/3 + 3/6) / 3 = 13/18 (precision at each purchase, as scikit-learn's average_precision_score)
 *   ROC-AUC = (5 + 4 + 2) / (3·5) = 11/15 (negatives ranked below each purchase, over all pairs)
 *   F0.3 is best at the top row: P = 1, R = 1/3, F = 1.09·P·R / (0.09·P + R) = 1.09/1.27 ≈ 0.858
 *   (top 3: P = R = 2/3, F = 2/3; top 6: P = 1/2, R = 1, F = 0.545/1.045), so the best threshold is σ(3).
 */
const x = [3, 2, 1, 0, -1, -2, -3, -4];
const y = Float64Array.of(1, 0, 1, 0, 0, 1, 0, 0);
const orders = Float64Array.of(1, 1, 2, 2, 3, 3, 4, 4);
const { group, groups } = orderGroups(orders);
const context: PathValidation = { validation: designMatrixFromRows(x.map((v) => [v])), yValidation: y, group, groups, replicates: 50 };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("evaluatePathPoint", () => {
  const point = evaluatePathPoint(context, [1], 0);

  it("gives the hand-computed AP, ROC-AUC, F0.3 and threshold", () => {
    expect(point.averagePrecision).toBeCloseTo(13 / 18, 12);
    expect(point.rocAuc).toBeCloseTo(11 / 15, 12);
    expect(point.f03).toBeCloseTo(1.09 / 1.27, 12);
    expect(point.bestThreshold).toBeCloseTo(sigmoid(3), 12);
  });

  it("bands from the same order bootstrap as the runner's (bootstrapIntervals), around the point figures", () => {
    const scores = Float64Array.from(x, sigmoid);
    expect(point.intervals).toEqual(bootstrapIntervals(scores, y, orders, point.bestThreshold, 50));
    expect(point.intervals.averagePrecision.estimate).toBeCloseTo(13 / 18, 12);
    for (const band of Object.values(point.intervals)) {
      expect(band.low).toBeLessThanOrEqual(band.estimate);
      expect(band.high).toBeGreaterThanOrEqual(band.estimate);
    }
  });

  it("a PR curve that ends at full recall with the purchase rate as precision", () => {
    expect(point.curve.length).toBeGreaterThan(0);
    expect(point.curve.length).toBeLessThanOrEqual(120 + 2);
    const full = point.curve.filter((p) => p.recall === 1);
    expect(full.length).toBeGreaterThan(0);
    expect(Math.min(...full.map((p) => p.precision))).toBeCloseTo(3 / 8, 12);
  });

  it("a reversed model ranks purchases last: AP and ROC-AUC of the reversed order", () => {
    const reversed = evaluatePathPoint(context, [-1], 0);
    // ranking −4 … 3: purchases at ranks 3, 6, 8 → AP = (1/3 + 2/6 + 3/8) / 3; AUC = 1 − 11/15
    expect(reversed.averagePrecision).toBeCloseTo((1 / 3 + 2 / 6 + 3 / 8) / 3, 12);
    expect(reversed.rocAuc).toBeCloseTo(4 / 15, 12);
  });
});

describe("PathEvaluator", () => {
  const coefs = [1, -1, 0.5].map((c) => Float64Array.of(c));
  const expected = coefs.map((c) => evaluatePathPoint(context, c, 0));

  it("in process: finish() gives every point's evaluation in the order they were queued", async () => {
    const evaluator = new PathEvaluator(context, { inProcess: true, capacity: 3 });
    const promises = coefs.map((c) => evaluator.evaluate(c, 0));
    expect(await evaluator.finish()).toEqual(expected);
    expect(await Promise.all(promises)).toEqual(expected);
    await evaluator.close();
  });

  it("refuses more points than its capacity", () => {
    const evaluator = new PathEvaluator(context, { inProcess: true, capacity: 1 });
    void evaluator.evaluate(coefs[0], 0);
    expect(() => evaluator.evaluate(coefs[1], 0)).toThrow(/more than 1 points/);
  });

  it("a point that fails to evaluate rejects finish() with its error", async () => {
    const evaluator = new PathEvaluator(context, { inProcess: true, capacity: 2 });
    void evaluator.evaluate(coefs[0], 0);
    void evaluator.evaluate(Float64Array.of(), 0); // no coefficient for the one feature
    await expect(evaluator.finish()).rejects.toThrow();
  });

  it("with a worker thread: the same evaluations, in order, and it shuts down", async () => {
    const evaluator = new PathEvaluator(context, { capacity: 3 });
    try {
      for (const c of coefs) void evaluator.evaluate(c, 0);
      expect(await evaluator.finish()).toEqual(expected);
    } finally {
      await evaluator.close();
    }
  });
});

describe("claimPoint", () => {
  it("lets exactly one claimant have each point", () => {
    const claims = new Int32Array(new SharedArrayBuffer(8));
    expect(claimPoint(claims, 0)).toBe(true);
    expect(claimPoint(claims, 0)).toBe(false);
    expect(claimPoint(claims, 1)).toBe(true);
  });
});
