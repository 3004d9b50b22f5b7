import { describe, expect, it } from "vitest";
import { DoubleCodes } from "../../lib/data/double-codes";
import { orderCodes } from "../../lib/data/order-codes";
import { distinctCount } from "../../lib/data/summary";
import type { FeatureFrame } from "../../lib/data/feature-frame";

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("DoubleCodes", () => {
  it("numbers distinct values in order of first appearance, as a Map would (SameValueZero)", () => {
    const next = random(3);
    const values = [0, -0, NaN, NaN, 1e14 + 3, 0.1, 0.1 + 0.2, 0.30000000000000004, -5, Infinity, -Infinity];
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(next() * 9000) * 1e9 + 20_201_005_000_000, next(), Math.round(next() * 50) / 4);
    const table = new DoubleCodes();
    const map = new Map<number, number>();
    const expected: number[] = [];
    for (const v of values) {
      if (!map.has(v)) map.set(v, map.size);
      expected.push(map.get(v)!);
    }
    expect(values.map((v) => table.codeOf(v))).toEqual(expected);
    expect(table.size).toBe(map.size);
    expect(table.size).toBeGreaterThan(4096); // the table grew past its first capacity
    expect(Array.from(table.distinct())).toEqual([...map.keys()]);
  });
});

describe("distinctCount", () => {
  const next = random(7);
  const cases: [string, ArrayLike<number> & { length: number }][] = [
    ["float64 ids", Float64Array.from({ length: 30_000 }, () => 20_201_005_000_000 + Math.floor(next() * 12_000))],
    ["float64 fractions with -0, 0 and NaN", Float64Array.from({ length: 30_000 }, (_, i) => (i % 97 === 0 ? -0 : i % 89 === 0 ? NaN : Math.round(next() * 3000) / 7))],
    ["uint32", Uint32Array.from({ length: 30_000 }, () => Math.floor(next() * 2 ** 32))],
    ["int32", Int32Array.from({ length: 30_000 }, () => Math.floor(next() * 1e6) - 5e5)],
    ["uint16", Uint16Array.from({ length: 30_000 }, () => Math.floor(next() * 65_536))],
    ["int16", Int16Array.from({ length: 30_000 }, () => Math.floor(next() * 65_536) - 32_768)],
    ["uint8", Uint8Array.from({ length: 3000 }, () => Math.floor(next() * 7))],
    ["int8", Int8Array.from({ length: 3000 }, () => Math.floor(next() * 256) - 128)],
    ["float32", Float32Array.from({ length: 30_000 }, () => next())],
    ["empty", new Float64Array(0)],
  ];
  for (const [name, values] of cases) {
    it(`counts as a Set does: ${name}`, () => {
      expect(distinctCount(values as never)).toBe(new Set(Array.from(values)).size);
    });
  }
});

describe("orderCodes", () => {
  it("gives every row the code of its order id, one code per distinct id", () => {
    const next = random(11);
    const ids = Float64Array.from({ length: 50_000 }, () => 2_021_000_000_000 + Math.floor(next() * 700) * 1_000_003);
    const frame = { rowCount: ids.length, numbers: { order_id: ids } } as unknown as FeatureFrame;
    const { codes, ids: distinct } = orderCodes(frame);
    expect(distinct.length).toBe(new Set(ids).size);
    let mismatches = 0;
    for (let i = 0; i < ids.length; i++) if (distinct[codes[i]] !== ids[i]) mismatches++;
    expect(mismatches).toBe(0);
  });
});
