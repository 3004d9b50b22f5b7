import { describe, expect, it } from "vitest";
import { Random } from "../../../lib/data/synthetic/random";

const draws = <T,>(n: number, f: () => T): T[] => Array.from({ length: n }, f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

describe("Random", () => {
  it("is fixed by its seed; other seeds, and seeds differing above 2^32, give other draws", () => {
    const a = Random.fromSeed(42);
    const b = Random.fromSeed(42);
    expect(draws(5, () => a.float())).toEqual(draws(5, () => b.float()));
    const first = (seed: number) => Random.fromSeed(seed).float();
    expect(first(1)).not.toBe(first(2));
    expect(first(1)).not.toBe(first(2 ** 32 + 1));
    expect(() => Random.fromSeed(1.5)).toThrow(/seed must be an integer/);
  });

  it("makes sub-streams that do not advance the parent and differ from it and from each other", () => {
    const root = Random.fromSeed(7);
    const s1 = root.stream(1).float();
    const s2 = root.stream(2).float();
    expect(root.stream(1).float()).toBe(s1);
    expect(s1).not.toBe(s2);
    expect(root.float()).toBe(Random.fromSeed(7).float());
    expect(root.float()).not.toBe(s1);
  });

  it("draws uniform floats in [0, 1) and integers in [from, to], both ends included", () => {
    const r = Random.fromSeed(3);
    const u = draws(50_000, () => r.float());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(variance(u)).toBeCloseTo(1 / 12, 2);
    const ints = draws(20_000, () => r.int(2, 5));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5]));
    for (const v of [2, 3, 4, 5]) expect(ints.filter((x) => x === v).length / ints.length).toBeCloseTo(0.25, 1);
    const fast = draws(20_000, () => r.fast());
    expect(Math.max(...fast)).toBeLessThan(1);
    expect(Math.min(...fast)).toBeGreaterThanOrEqual(0);
  });

  it("draws normal, exponential, gamma and Poisson values with their means and variances", () => {
    const r = Random.fromSeed(11);
    const n = 100_000;
    const z = draws(n, () => r.normal());
    expect(Math.abs(mean(z))).toBeLessThan(0.01);
    expect(variance(z)).toBeCloseTo(1, 1);
    const e = draws(n, () => r.exponential(2));
    expect(mean(e)).toBeCloseTo(2, 1);
    expect(variance(e)).toBeCloseTo(4, 0);
    // Gamma(k, θ): mean kθ, variance kθ²; shape below 1 goes through the boost.
    const g = draws(n, () => r.gamma(3, 0.5));
    expect(mean(g)).toBeCloseTo(1.5, 1);
    expect(variance(g)).toBeCloseTo(0.75, 1);
    const small = draws(n, () => r.gamma(0.5, 2));
    expect(mean(small)).toBeCloseTo(1, 1);
    const p = draws(n, () => r.poisson(4));
    expect(mean(p)).toBeCloseTo(4, 1);
    expect(variance(p)).toBeCloseTo(4, 0);
    expect(p.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    const large = draws(20_000, () => r.poisson(100));
    expect(mean(large)).toBeCloseTo(100, 0);
    expect(r.poisson(0)).toBe(0);
    expect(r.poisson(-1)).toBe(0);
  });

  it("draws Bernoulli outcomes and weighted indices in proportion, never an index of weight 0", () => {
    const r = Random.fromSeed(13);
    const b = draws(50_000, () => (r.bernoulli(0.3) ? 1 : 0));
    expect(mean(b)).toBeCloseTo(0.3, 2);
    const w = draws(60_000, () => r.weighted([1, 0, 2, 3]));
    expect(w.includes(1)).toBe(false);
    expect(w.filter((i) => i === 0).length / w.length).toBeCloseTo(1 / 6, 2);
    expect(w.filter((i) => i === 3).length / w.length).toBeCloseTo(0.5, 2);
    expect(r.weighted([0, 0, 5])).toBe(2);
  });

  it("picks every element and shuffles into a permutation", () => {
    const r = Random.fromSeed(17);
    expect(new Set(draws(500, () => r.pick(["a", "b", "c"])))).toEqual(new Set(["a", "b", "c"]));
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });
});
