import { describe, expect, it } from "vitest";
import type { PreparedData } from "../../lib/data/dataset";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { splitIntervals } from "../../lib/registry/split-intervals";

/**
 * 16 rows in a frame whose order_id is 1 on rows 8–15 (one order) and distinct on rows 0–7. The split
 * is given as row positions, so the orders come from those rows, not from 0, 1, 2, …
 */
const orderIds = [10, 11, 12, 13, 14, 15, 16, 17, 1, 1, 1, 1, 1, 1, 1, 1];
const frame: FeatureFrame = {
  source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" },
  rowCount: orderIds.length,
  numbers: { order_id: Float64Array.from(orderIds) },
  categories: {},
  extraColumns: [],
};
const data = { frame } as PreparedData;
const labels = Float64Array.of(1, 0, 1, 0, 0, 1, 0, 0);
const scores = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2);
// AP = (1/1 + 2/3 + 3/6)/3 = 13/18; at threshold 0.65 the top 3 rows are pushed: precision 2/3, recall 2/3
const AP = 13 / 18;

describe("splitIntervals", () => {
  it("a split that is one order resamples to itself: every interval is its point figure", () => {
    const iv = splitIntervals(data, Uint32Array.of(8, 9, 10, 11, 12, 13, 14, 15), labels, scores, 0.65, 200);
    expect(iv.averagePrecision.estimate).toBeCloseTo(AP, 12);
    expect(iv.precision.estimate).toBeCloseTo(2 / 3, 12);
    expect(iv.recall.estimate).toBeCloseTo(2 / 3, 12);
    for (const [metric, band] of Object.entries(iv)) {
      expect(band.low, metric).toBeCloseTo(band.estimate, 12);
      expect(band.high, metric).toBeCloseTo(band.estimate, 12);
      expect(band.replicates).toBe(200);
    }
  });

  it("a split of eight orders gets bands around the same point figures", () => {
    const iv = splitIntervals(data, Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7), labels, scores, 0.65, 200);
    expect(iv.averagePrecision.estimate).toBeCloseTo(AP, 12);
    expect(iv.averagePrecision.high - iv.averagePrecision.low).toBeGreaterThan(0.05);
    for (const band of Object.values(iv)) {
      expect(band.low).toBeLessThanOrEqual(band.estimate + 1e-12);
      expect(band.high).toBeGreaterThanOrEqual(band.estimate - 1e-12);
    }
  });

  it("draws as many replicates as verdicts get unless told", () => {
    const iv = splitIntervals(data, Uint32Array.of(8, 9, 10, 11, 12, 13, 14, 15), labels, scores, 0.65);
    expect(iv.averagePrecision.replicates).toBe(2000);
  });
});
