/**
 * A small seeded random source for the synthetic generator, built on pure-rand's xoroshiro128+.
 *
 * Every draw goes through pure-rand's generator, so a seed fixes the whole output. Independent
 * streams (catalogue, calendar, customers, purchases, ...) are made by jumping the generator 2^64
 * steps, so changing how much one part of the simulation draws never shifts another part.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";
import { skipN } from "pure-rand/utils/skipN";

const TWO_POW_32 = 4294967296;

/** Spread a user seed over all 32 bits (murmur3 finaliser), so seeds 1 and 2 start far apart. */
function mixSeed(seed: number): number {
  let h = (seed | 0) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class Random {
  private spareNormal: number | null = null;

  constructor(private readonly rng: JumpableRandomGenerator) {}

  /** The root stream of a seed. */
  static fromSeed(seed: number): Random {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Fold the high bits of large seeds in, so 2^32 + 1 and 1 differ.
    const folded = (seed % TWO_POW_32) ^ Math.floor(seed / TWO_POW_32);
    const rng = xoroshiro128plus(mixSeed(folded));
    skipN(rng, 16);
    return new Random(rng);
  }

  /**
   * The `index`-th independent sub-stream (index >= 1): a copy of this stream jumped `index` times.
   * This stream itself is not advanced.
   */
  stream(index: number): Random {
    const copy = this.rng.clone();
    for (let i = 0; i < index; i++) copy.jump();
    return new Random(copy);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in [0, 1) with 32 random bits: enough for Bernoulli draws, and twice as cheap. */
  fast(): number {
    return (this.rng.next() + 2147483648) / TWO_POW_32;
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /**
   * counts.length draws of int(0, counts.length − 1), each added to its slot of `counts`: the same
   * draws, in the same order, as that many calls of int (pure-rand's rejection rule for ranges up to
   * 2^32, inlined: the calls cost more than the draws in the order bootstrap, bench/README.md).
   */
  tallyInts(counts: Float64Array): void {
    const size = counts.length;
    if (size > TWO_POW_32) {
      for (let k = 0; k < size; k++) counts[this.int(0, size - 1)]++;
      return;
    }
    const rng = this.rng;
    const maxAllowed = size > 2 ? Math.floor(TWO_POW_32 / size) * size : TWO_POW_32;
    for (let k = 0; k < size; k++) {
      let delta = rng.next() + 2147483648;
      while (delta >= maxAllowed) delta = rng.next() + 2147483648;
      // delta % size without a floating-point remainder: the quotient rounded, then corrected (exact below 2^53).
      let slot = delta - Math.floor(delta / size) * size;
      if (slot < 0) slot += size;
      else if (slot >= size) slot -= size;
      counts[slot]++;
    }
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  bernoulli(p: number): boolean {
    return this.fast() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Gamma(shape, scale) (Marsaglia–Tsang; shape < 1 by boosting). */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      const u = this.float();
      return this.gamma(shape + 1, scale) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Poisson(mean): multiplication method for small means, rounded normal approximation above 60. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Index drawn with probability proportional to `weights[i]` (weights >= 0, not all zero). */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total;
    if (sum === undefined) {
      sum = 0;
      for (let i = 0; i < weights.length; i++) sum += weights[i];
    }
    let r = this.float() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Rounding left a sliver: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** Pick one element uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}
