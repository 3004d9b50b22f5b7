import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateFeatureFrameCsv } from "../../../lib/data/generate";
import { loadDataset, prepareData } from "../../../lib/data/dataset";
import { numberColumn } from "../../../lib/data/feature-frame";
import { ORDER_COLUMN, TARGET_COLUMN } from "../../../lib/data/schema";
import { orderGroups, pairedBootstrapDifference, rankByScore, replicateDraws } from "../../../lib/experiments/comparison/bootstrap";
import { evaluateValidationScores } from "../../../lib/experiments/running/fit-job";
import { fitPipeline, transformRows } from "../../../lib/features/pipeline";
import { averagePrecisionAndRocAuc, calibrationCurve, MetricInputError } from "../../../lib/metrics";
import { groupWeightedRankingMetrics, groupWeightedRankingMetricsBatch, rankingCutoff, REPLICATE_BATCH } from "../../../lib/metrics/weighted-ranking";
import { fitLogisticRegression, predictProba } from "../../../lib/model/logistic-regression";
import { bootstrapIntervalsBefore, evaluateValidationBefore, groupWeightedRankingMetricsBefore, replicateDrawsBefore, trainingMetricsBefore } from "../../helpers/evaluation-before";
import { mulberry32 } from "../../helpers/random";

/*
 * The work after a fit shares one sort of the validation scores (curve, calibration bins, bootstrap
 * ranking), runs the replicates over runs of negatives, and takes the training AP / ROC-AUC without
 * sorting every row. Every number must equal the earlier path's bit for bit (the stored intervals
 * depend on it): compared here with that path, kept verbatim in test/helpers/evaluation-before.ts.
 */

/** Deep equality where numbers must be the same double: NaN equals NaN, +0 differs from −0. */
function expectBitIdentical(actual: unknown, expected: unknown, where = "value"): void {
  if (typeof expected === "number") {
    expect(Object.is(actual, expected), `${where}: ${String(actual)} vs ${String(expected)}`).toBe(true);
    return;
  }
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const e = expected as ArrayLike<unknown>;
    const a = actual as ArrayLike<unknown>;
    expect(a.length, `${where}.length`).toBe(e.length);
    for (let i = 0; i < e.length; i++) expectBitIdentical(a[i], e[i], `${where}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectBitIdentical((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  expect(actual, where).toEqual(expected);
}

interface Split {
  y: Float64Array;
  orders: Float64Array;
  scores: Float64Array;
}

/** A generated file of `orders` orders and `seed`, fitted (none encoding, L2 C = 1): training and validation scores. */
async function generatedSplits(orders: number, seed: number): Promise<{ train: Split; validation: Split }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "post-fit-"));
  const file = path.join(dir, "frame.csv");
  fs.writeFileSync(file, generateFeatureFrameCsv({ orders, seed }));
  const { frame } = await loadDataset(file);
  fs.rmSync(dir, { recursive: true, force: true });
  const data = prepareData(frame);
  const target = numberColumn(frame, TARGET_COLUMN);
  const orderIds = numberColumn(frame, ORDER_COLUMN);
  const pick = (values: ArrayLike<number>, rows: Uint32Array) => Float64Array.from(rows, (i) => values[i]);
  const { state, train } = fitPipeline(frame, data.split.rows.train, { encoding: "none" });
  const yTrain = pick(target, data.split.rows.train);
  const fit = fitLogisticRegression(train, yTrain, { penalty: "l2", C: 1 });
  const validation = transformRows(state, frame, data.split.rows.validation);
  return {
    train: { y: yTrain, orders: pick(orderIds, data.split.rows.train), scores: predictProba(train, fit.coef, fit.intercept) },
    validation: { y: pick(target, data.split.rows.validation), orders: pick(orderIds, data.split.rows.validation), scores: predictProba(validation, fit.coef, fit.intercept) },
  };
}

describe.each([
  [60, 3],
  [120, 11],
  [90, 29],
])("generated file, %i orders, seed %i", (orders, seed) => {
  let splits: Awaited<ReturnType<typeof generatedSplits>>;
  beforeAll(async () => {
    splits = await generatedSplits(orders, seed);
  }, 60_000);

  it("validation metrics, curves, calibration and intervals equal the earlier path's bit for bit", () => {
    const { y, scores, orders: ids } = splits.validation;
    const before = evaluateValidationBefore(y, scores, ids, { replicates: 120 });
    const after = evaluateValidationScores(y, scores, ids, { replicates: 120 });
    expect(before.evaluation.metrics.positives).toBeGreaterThan(0);
    expectBitIdentical(after, before);
  });

  it("with the run's order groups computed once (shared) instead of per evaluation: the same numbers; groups of other rows are refused", () => {
    const { y, scores, orders: ids } = splits.validation;
    const groups = orderGroups(ids, true);
    expect(groups.group.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(groups.group)).toEqual(Array.from(orderGroups(ids).group));
    expectBitIdentical(evaluateValidationScores(y, scores, ids, { replicates: 120, groups }), evaluateValidationBefore(y, scores, ids, { replicates: 120 }));
    const short = orderGroups(ids.subarray(1));
    expect(() => evaluateValidationScores(y, scores, ids, { replicates: 10, groups: short })).toThrow("not of these validation rows");
  });

  it("a baseline-like raw score (another scale, few distinct values, not probabilities) gives the same numbers too", () => {
    const { y, orders: ids, scores } = splits.validation;
    const raw = scores.map((s) => Math.round(s * 40) * 2.5);
    expectBitIdentical(evaluateValidationScores(y, raw, ids, { probabilities: false, replicates: 120 }), evaluateValidationBefore(y, raw, ids, { probabilities: false, replicates: 120 }));
  });

  it("scores rounded to 3 decimals (heavy ties) give the same numbers too", () => {
    const { y, orders: ids } = splits.validation;
    const tied = splits.validation.scores.map((s) => Math.round(s * 1000) / 1000);
    expectBitIdentical(evaluateValidationScores(y, tied, ids, { replicates: 120 }), evaluateValidationBefore(y, tied, ids, { replicates: 120 }));
  });

  it("the training AP and ROC-AUC, plain and with ties, equal the full curve's", () => {
    const { y, scores } = splits.train;
    expectBitIdentical(averagePrecisionAndRocAuc(y, scores), trainingMetricsBefore(y, scores));
    const tied = scores.map((s) => Math.round(s * 200) / 200);
    expectBitIdentical(averagePrecisionAndRocAuc(y, tied), trainingMetricsBefore(y, tied));
  });

  it("training-row replicates (the report's training − validation gaps) equal the row-by-row pass", () => {
    const { y, scores, orders: ids } = splits.train;
    const { group, groups } = orderGroups(ids);
    const ranking = rankByScore(scores, y, group, groups);
    const cutoff = rankingCutoff(ranking, 0.2);
    for (const draws of replicateDraws(groups, 30, 5)) {
      expectBitIdentical(groupWeightedRankingMetrics(ranking, draws, 0.3, cutoff), groupWeightedRankingMetricsBefore(ranking, draws, 0.3, cutoff));
    }
  });
});

describe("the replicate pass on hand-made rankings", () => {
  const random = mulberry32(41);

  it("matches the row-by-row pass with heavy ties, cutoffs at every tie boundary and inside a tie group", () => {
    const n = 600;
    const orderIds = Array.from({ length: n }, () => Math.floor(random() * 37));
    const labels = Array.from({ length: n }, () => (random() < 0.15 ? 1 : 0));
    const scores = labels.map((l) => Math.floor((random() + 0.3 * l) * 12) / 12); // ≈ 15 distinct values
    const { group, groups } = orderGroups(orderIds);
    const ranking = rankByScore(scores, labels, group, groups);
    const cutoffs = [-1, 0, n, ...new Set(Array.from({ length: 15 }, (_, t) => rankingCutoff(ranking, t / 12))), rankingCutoff(ranking, 0.5) + 1];
    for (const cutoff of cutoffs) {
      const all: Float64Array[] = [];
      for (const draws of replicateDraws(groups, 20, cutoff + 7)) {
        expectBitIdentical(groupWeightedRankingMetrics(ranking, draws, 0.3, cutoff), groupWeightedRankingMetricsBefore(ranking, draws, 0.3, cutoff), `cutoff ${cutoff}`);
        all.push(Float64Array.from(draws));
      }
      // Batches of 1 to 4 replicates per sweep, as replicateMetrics runs them.
      if (cutoff < 0) continue;
      for (let from = 0, size = 1; from < all.length; from += size, size = (size % REPLICATE_BATCH) + 1) {
        const batch = all.slice(from, from + size);
        const results = groupWeightedRankingMetricsBatch(ranking, batch, 0.3, cutoff);
        expect(results).toHaveLength(batch.length);
        results.forEach((m, q) => expectBitIdentical(m, groupWeightedRankingMetricsBefore(ranking, batch[q], 0.3, cutoff), `cutoff ${cutoff}, batch of ${size}`));
      }
    }
  });

  it("a replicate that draws no positive (and one with no negative) gives the same NaNs and zeros", () => {
    // Order 0 holds the only buyer; order 1 only buyers in the second case.
    const orderIds = Array.from({ length: 200 }, (_, i) => Math.floor(i / 10));
    const labels = orderIds.map((_, i) => (i === 3 ? 1 : 0));
    const scores = orderIds.map((_, i) => (i === 3 ? 0.9 : (i % 13) / 20));
    const { group, groups } = orderGroups(orderIds);
    const ranking = rankByScore(scores, labels, group, groups);
    const cutoff = rankingCutoff(ranking, 0.5);
    const noPositive = new Float64Array(groups).fill(1);
    noPositive[0] = 0;
    const old = groupWeightedRankingMetricsBefore(ranking, noPositive, 0.3, cutoff);
    expect(old.averagePrecision).toBeNaN();
    expectBitIdentical(groupWeightedRankingMetrics(ranking, noPositive, 0.3, cutoff), old);
    const onlyPositives = new Float64Array(groups);
    onlyPositives[0] = 0;
    const allPositive = rankByScore([0.3, 0.3, 0.8], [1, 1, 1], new Uint32Array([0, 0, 1]), 2);
    expectBitIdentical(groupWeightedRankingMetrics(allPositive, new Float64Array([2, 1]), 0.3, 1), groupWeightedRankingMetricsBefore(allPositive, new Float64Array([2, 1]), 0.3, 1));
    expectBitIdentical(groupWeightedRankingMetrics(ranking, onlyPositives, 0.3, cutoff), groupWeightedRankingMetricsBefore(ranking, onlyPositives, 0.3, cutoff));
    // Many replicates miss order 0: the intervals drop them, in both paths alike.
    const before = evaluateValidationBefore(labels, scores, orderIds, { replicates: 200 });
    expect(before.intervals.averagePrecision.dropped).toBeGreaterThan(20);
    expectBitIdentical(evaluateValidationScores(labels, scores, orderIds, { replicates: 200 }), before);
  });

  it("the order draws equal Random.int's, replicate by replicate", () => {
    for (const [groups, replicates] of [[1, 40], [2, 40], [7, 40], [500, 40], [100_003, 3]]) {
      const before = [...replicateDrawsBefore(groups, replicates, 99)].map((d) => Float64Array.from(d));
      const after = [...replicateDraws(groups, replicates, 99)].map((d) => Float64Array.from(d));
      expectBitIdentical(after, before, `${groups} groups`);
    }
  });

  it("a paired difference equals one computed from the row-by-row pass", () => {
    const n = 800;
    const orderIds = Array.from({ length: n }, () => Math.floor(random() * 50));
    const labels = Array.from({ length: n }, () => (random() < 0.1 ? 1 : 0));
    const a = labels.map((l) => random() + 0.4 * l);
    const b = labels.map((l) => Math.round((random() + 0.2 * l) * 20) / 20);
    const difference = pairedBootstrapDifference(a, b, labels, orderIds, { candidate: 0.9, reference: 0.8 }, 60);
    const before = { a: bootstrapIntervalsBefore(a, labels, orderIds, 0.9, 60), b: bootstrapIntervalsBefore(b, labels, orderIds, 0.8, 60) };
    expectBitIdentical(difference.averagePrecision.estimate, before.a.averagePrecision.estimate - before.b.averagePrecision.estimate);
    expectBitIdentical(difference.rocAuc.estimate, before.a.rocAuc.estimate - before.b.rocAuc.estimate);
  });
});

describe("training AP / ROC-AUC without a full sort", () => {
  const random = mulberry32(8);

  it.each([
    ["distinct scores", (l: number) => random() + 0.3 * l],
    ["a handful of values", (l: number) => Math.floor((random() + 0.5 * l) * 4) / 4],
    ["one value", () => 0.5],
    ["negative and signed-zero scores", (l: number) => (random() < 0.3 ? (random() < 0.5 ? -0 : 0) : (random() - 0.6) * 1e3 + l)],
    ["extreme magnitudes", (l: number) => (random() < 0.5 ? -1.7e308 : 1.7e308) * random() + l],
    // Model probabilities crowd near 0: buckets of the scores' leading bits, not of their range.
    ["probabilities of wide margins", (l: number) => 1 / (1 + Math.exp(8 - 12 * random() - 2 * l))],
    ["subnormal and tiny values beside ones", (l: number) => (random() < 0.5 ? 5e-324 * Math.floor(random() * 8) : 1e-300 * random()) + (random() < 0.1 ? l : 0)],
    // The lowest positive at 0, negatives at -0: the same score.
    ["positives from 0, negatives at -0", (l: number) => (random() < 0.5 ? (l ? 0 : -0) : random())],
    // Values that share their high 32 bits and differ in the low mantissa bits only.
    ["neighbouring doubles", (l: number) => 0.25 + Math.floor(random() * 64 + 8 * l) * Number.EPSILON],
  ])("equals the full curve's bit for bit: %s", (_, score) => {
    for (const rate of [0.02, 0.5, 0.97]) {
      const y = Array.from({ length: 3000 }, () => (random() < rate ? 1 : 0));
      const s = y.map((l) => score(l));
      expectBitIdentical(averagePrecisionAndRocAuc(y, s), trainingMetricsBefore(y, s));
    }
  });

  it("throws the same errors: no positive, no negative, bad input", () => {
    for (const [y, s] of [
      [[0, 0, 0], [0.1, 0.2, 0.3]],
      [[1, 1], [0.1, 0.2]],
      [[1, 0], [0.1, Number.NaN]],
      [[1, 2], [0.1, 0.2]],
      [[], []],
    ] as [number[], number[]][]) {
      const old = (() => {
        try {
          trainingMetricsBefore(y, s);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(old).toBeInstanceOf(MetricInputError);
      expect(() => averagePrecisionAndRocAuc(y, s)).toThrow(old!.message);
    }
  });
});

describe("quantile calibration bins from the shared sort", () => {
  it("give the same edges and bins as calibrationCurve's own sort, signed zeros included", () => {
    const random = mulberry32(3);
    for (const zeros of [0, 40, 400]) {
      const p = Array.from({ length: 997 }, (_, i) => (i < zeros ? (random() < 0.5 ? -0 : 0) : random() ** 3));
      const y = p.map((v) => (random() < v ? 1 : 0));
      const descending = Float64Array.from(p).sort().reverse();
      // The same values highest first, but the run of zeros shuffled (−0 and +0 interleaved, as a sort by key may leave them).
      const interleaved = Float64Array.from(descending);
      const firstZero = interleaved.findIndex((v) => v === 0);
      for (let i = interleaved.length - 1; firstZero >= 0 && i > firstZero; i--) {
        const j = firstZero + Math.floor(random() * (i - firstZero + 1));
        [interleaved[i], interleaved[j]] = [interleaved[j], interleaved[i]];
      }
      for (const nBins of [1, 3, 10, 64]) {
        const own = calibrationCurve(y, p, nBins, "quantile");
        expectBitIdentical(calibrationCurve(y, p, nBins, "quantile", descending), own, `${zeros} zeros, ${nBins} bins`);
        expectBitIdentical(calibrationCurve(y, p, nBins, "quantile", interleaved), own, `${zeros} zeros interleaved, ${nBins} bins`);
      }
    }
  });
});
