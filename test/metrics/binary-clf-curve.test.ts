import { describe, expect, it } from "vitest";
import { binaryClfCurve } from "../../lib/metrics/binary-clf-curve";
import { MetricInputError } from "../../lib/metrics/errors";
import { cases, rng } from "./fixtures";

/** The definition, O(n · m): distinct scores decreasing, counts of rows scoring >= each. */
function naiveCurve(y: ArrayLike<number>, s: ArrayLike<number>) {
  const distinct = [...new Set(Array.from(s, (v) => v + 0))].sort((a, b) => b - a);
  const tps: number[] = [];
  const fps: number[] = [];
  for (const t of distinct) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < y.length; i++) {
      if (s[i] >= t) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    tps.push(tp);
    fps.push(fp);
  }
  return { thresholds: distinct, tps, fps };
}

function expectMatchesNaive(y: ArrayLike<number>, s: ArrayLike<number>): void {
  const curve = binaryClfCurve(y, s);
  const naive = naiveCurve(y, s);
  expect(Array.from(curve.thresholds)).toEqual(naive.thresholds);
  expect(Array.from(curve.tps)).toEqual(naive.tps);
  expect(Array.from(curve.fps)).toEqual(naive.fps);
  expect(curve.positives).toBe(naive.tps.at(-1));
  expect(curve.negatives).toBe(naive.fps.at(-1));
}

describe("binaryClfCurve", () => {
  it("matches a hand-computed case", () => {
    const curve = binaryClfCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(curve.thresholds)).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(Array.from(curve.tps)).toEqual([1, 1, 2, 2]);
    expect(Array.from(curve.fps)).toEqual([0, 1, 1, 2]);
    expect(curve.positives).toBe(2);
    expect(curve.negatives).toBe(2);
  });

  it("groups tied scores into one threshold", () => {
    const curve = binaryClfCurve([1, 0, 1, 0, 0], [0.5, 0.5, 0.2, 0.2, 0.9]);
    expect(Array.from(curve.thresholds)).toEqual([0.9, 0.5, 0.2]);
    expect(Array.from(curve.tps)).toEqual([0, 1, 2]);
    expect(Array.from(curve.fps)).toEqual([1, 2, 3]);
  });

  it("handles constant scores, a single row, and -0 vs +0", () => {
    const constant = binaryClfCurve([1, 0, 0], [0.3, 0.3, 0.3]);
    expect(Array.from(constant.thresholds)).toEqual([0.3]);
    expect(Array.from(constant.tps)).toEqual([1]);
    expect(Array.from(constant.fps)).toEqual([2]);
    const single = binaryClfCurve([1], [0.7]);
    expect(Array.from(single.thresholds)).toEqual([0.7]);
    const zeros = binaryClfCurve(new Float64Array([1, 0, 1]), new Float64Array([-0, 0, 1]));
    expect(Array.from(zeros.thresholds)).toEqual([1, 0]);
    expect(Object.is(zeros.thresholds[1], 0)).toBe(true);
    expect(Array.from(zeros.tps)).toEqual([1, 2]);
  });

  it("agrees with the fixtures' ROC curve without dropped points (scikit-learn)", () => {
    for (const c of cases) {
      const curve = binaryClfCurve(c.yTrue, c.yScore);
      const m = curve.tps.length;
      expect(c.rocAll.fpr.length, c.name).toBe(m + 1);
      for (let i = 0; i < m; i++) {
        expect(curve.fps[i] / curve.negatives, `${c.name} fpr[${i}]`).toBe(c.rocAll.fpr[i + 1]);
        expect(curve.tps[i] / curve.positives, `${c.name} tpr[${i}]`).toBe(c.rocAll.tpr[i + 1]);
        expect(Math.abs(curve.thresholds[i] - c.rocAll.thresholds[i + 1])).toBe(0);
      }
    }
  });

  // Distributions chosen to exercise every path of the bucket sort: spread-out values, heavy ties,
  // clusters that overflow a bucket (native-sort fallback), extreme ranges, negatives, subnormals.
  const generators: Record<string, (r: () => number, i: number) => number> = {
    uniform: (r) => r(),
    ties: (r) => Math.round(r() * 20) / 20,
    logits: (r) => (r() - 0.5) * 40,
    clustered: (r) => (r() < 0.01 ? r() : 0.5 + r() * 1e-12),
    exponential: (r) => Math.exp(-700 * r()),
    hugeRange: (r) => (r() < 0.5 ? -1 : 1) * Math.exp(r() * 700),
    fullRange: (r) => (r() < 0.5 ? -Number.MAX_VALUE : Number.MAX_VALUE) * r(),
    subnormal: (r) => Math.floor(r() * 50) * Number.MIN_VALUE,
    geometric: (_r, i) => 2 ** -(i % 1000),
    signedZeros: (r) => (r() < 0.5 ? -0 : r() < 0.5 ? 0 : r() - 0.5),
    twoValues: (r) => (r() < 0.5 ? 0.25 : 0.75),
  };
  for (const [name, gen] of Object.entries(generators)) {
    it(`matches the definition on ${name} scores`, () => {
      for (const [seed, n, rate] of [
        [1, 5, 0.5],
        [2, 17, 0.3],
        [3, 300, 0.1],
        [4, 3000, 0.5],
        [5, 3000, 0],
        [6, 3000, 1],
      ] as const) {
        const r = rng(seed);
        const y = new Float64Array(n);
        const s = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          y[i] = r() < rate ? 1 : 0;
          s[i] = gen(r, i);
        }
        expectMatchesNaive(y, s);
      }
    });
  }

  it("accepts plain arrays and typed arrays alike", () => {
    const a = binaryClfCurve([1, 0, 1], [0.2, 0.1, 0.3]);
    const b = binaryClfCurve(new Uint8Array([1, 0, 1]), new Float32Array([0.2, 0.1, 0.3]));
    expect(Array.from(a.tps)).toEqual(Array.from(b.tps));
  });

  it("runs on 600k rows", () => {
    const n = 600_000;
    const r = rng(42);
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = r() < 0.02 ? 1 : 0;
      s[i] = 1 / (1 + Math.exp(-(2 * y[i] + 3 * r() - 5)));
    }
    const curve = binaryClfCurve(y, s);
    expect(curve.positives + curve.negatives).toBe(n);
    expect(curve.tps.at(-1)).toBe(curve.positives);
    for (let i = 1; i < curve.thresholds.length; i++) {
      if (!(curve.thresholds[i] < curve.thresholds[i - 1])) expect.fail(`thresholds not decreasing at ${i}`);
    }
  });

  describe("input errors", () => {
    const throwsWith = (f: () => unknown, pattern: RegExp, argument: string, index?: number) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(MetricInputError);
        expect(error).toBeInstanceOf(Error);
        const e = error as MetricInputError;
        expect(e.message).toMatch(pattern);
        expect(e.argument).toBe(argument);
        expect(e.index).toBe(index);
        return;
      }
      expect.fail("did not throw");
    };
    it("rejects mismatched lengths", () => {
      throwsWith(() => binaryClfCurve([0, 1], [0.5]), /yTrue and yScore must have the same length, got 2 and 1/, "yScore");
    });
    it("rejects empty input", () => {
      throwsWith(() => binaryClfCurve([], []), /yTrue must not be empty/, "yTrue");
    });
    it("rejects labels other than 0/1", () => {
      throwsWith(() => binaryClfCurve([0, 1, 2], [0.1, 0.2, 0.3]), /yTrue\[2\] must be 0 or 1, got 2/, "yTrue", 2);
      throwsWith(() => binaryClfCurve([0, -1], [0.1, 0.2]), /yTrue\[1\] must be 0 or 1, got -1/, "yTrue", 1);
      throwsWith(() => binaryClfCurve([NaN, 1], [0.1, 0.2]), /yTrue\[0\] must be 0 or 1, got NaN/, "yTrue", 0);
      throwsWith(() => binaryClfCurve([0.5, 1], [0.1, 0.2]), /yTrue\[0\] must be 0 or 1, got 0.5/, "yTrue", 0);
    });
    it("rejects non-finite scores", () => {
      throwsWith(() => binaryClfCurve([0, 1], [0.1, NaN]), /yScore\[1\] must be a finite number, got NaN/, "yScore", 1);
      throwsWith(() => binaryClfCurve([0, 1], [Infinity, 0.2]), /yScore\[0\] must be a finite number, got Infinity/, "yScore", 0);
      throwsWith(() => binaryClfCurve([0, 1], [0.1, -Infinity]), /yScore\[1\] must be a finite number, got -Infinity/, "yScore", 1);
    });
  });
});
