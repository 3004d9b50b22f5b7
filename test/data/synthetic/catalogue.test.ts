import { describe, expect, it } from "vitest";
import { VARIANT_COUNT, VENDOR_COUNT, buildCatalogue, formatVariantConstants, type Variant } from "../../../lib/data/synthetic/catalogue";
import { Random } from "../../../lib/data/synthetic/random";

const catalogue = buildCatalogue(Random.fromSeed(42));
const { productTypes, vendors, variants } = catalogue;
const pence = (price: number) => Math.round(price * 100);

describe("buildCatalogue: the counts of the real file", () => {
  it("has 62 product types, 264 vendors and 976 variants, with unique lower-case names", () => {
    expect(productTypes).toHaveLength(62);
    expect(vendors).toHaveLength(VENDOR_COUNT);
    expect(VENDOR_COUNT).toBe(264);
    expect(variants).toHaveLength(VARIANT_COUNT);
    expect(VARIANT_COUNT).toBe(976);
    for (const names of [productTypes.map((t) => t.name), vendors.map((v) => v.name)]) {
      expect(new Set(names).size).toBe(names.length);
      // Lower-case letters and digits only: the CSV never needs quoting.
      expect(names.filter((name) => !/^[a-z0-9]+$/.test(name))).toEqual([]);
    }
  });

  it.each([42, 1, 2, 3, 4, 5, 6, 7, 8, 9])("gives every product type at least 3 variants and every vendor at least one (seed %i)", (seed) => {
    const built = seed === 42 ? catalogue : buildCatalogue(Random.fromSeed(seed));
    const perType = new Array(built.productTypes.length).fill(0);
    const perVendor = new Array(built.vendors.length).fill(0);
    for (const v of built.variants) {
      perType[v.productType]++;
      perVendor[v.vendor]++;
    }
    expect(Math.min(...perType)).toBeGreaterThanOrEqual(3);
    expect(Math.min(...perVendor)).toBeGreaterThanOrEqual(1);
    expect(perType.reduce((a, b) => a + b, 0)).toBe(976);
  });

  it("gives variants unique 14-digit ids, not in id order in the file", () => {
    const ids = variants.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !Number.isSafeInteger(id) || String(id).length !== 14)).toEqual([]);
    const sorted = [...ids].sort((a, b) => a - b);
    expect(ids).not.toEqual(sorted);
  });

  it("numbers variants by launch: those on sale before the period first, then by launch day", () => {
    const before = variants.filter((v) => v.firstDay < 0);
    const launched = variants.filter((v) => v.firstDay >= 0).sort((a, b) => a.firstDay - b.firstDay);
    expect(launched.length).toBeGreaterThan(0);
    expect(Math.max(...before.map((v) => v.id))).toBeLessThan(Math.min(...launched.map((v) => v.id)));
    for (let i = 1; i < launched.length; i++) {
      if (launched[i].firstDay > launched[i - 1].firstDay) expect(launched[i].id).toBeGreaterThan(launched[i - 1].id);
    }
  });

  it("has availability windows that end no earlier than they start; most variants are on sale all period", () => {
    expect(variants.filter((v) => v.lastDay < v.firstDay)).toEqual([]);
    const allPeriod = variants.filter((v) => v.firstDay < 0 && v.lastDay >= 150).length / variants.length;
    expect(allPeriod).toBeGreaterThan(0.6);
    expect(allPeriod).toBeLessThan(0.85);
  });
});

describe("buildCatalogue: prices, discounts, popularity and cycles", () => {
  it("prices end in 9 pence, start at £0.49 and are normalised by the dearest (which reaches 1)", () => {
    expect(variants.filter((v) => pence(v.price) % 10 !== 9)).toEqual([]);
    const dearest = Math.max(...variants.map((v) => v.price));
    expect(Math.min(...variants.map((v) => v.price))).toBe(0.49);
    expect(variants.filter((v) => Math.abs(v.normalisedPrice - v.price / dearest) > 1e-15)).toEqual([]);
    expect(Math.max(...variants.map((v) => v.normalisedPrice))).toBe(1);
    // The dearest is chosen so that normalised prices average ~0.127, as in the real file.
    const mean = variants.reduce((s, v) => s + v.normalisedPrice, 0) / variants.length;
    expect(mean).toBeGreaterThan(0.1);
    expect(mean).toBeLessThan(0.16);
  });

  it("keeps discounts in the real range [-0.04, 1.33], a quarter of them exactly 0", () => {
    const discounts = variants.map((v) => v.discountPct);
    expect(Math.min(...discounts)).toBeGreaterThanOrEqual(-0.04);
    expect(Math.max(...discounts)).toBeLessThanOrEqual(1.33);
    const none = discounts.filter((d) => d === 0).length / discounts.length;
    expect(none).toBeGreaterThan(0.18);
    expect(none).toBeLessThan(0.32);
  });

  it("keeps latent popularity positive and at most 8 %, with a mean share near 1.1 %", () => {
    const popularity = variants.map((v) => v.popularity);
    expect(Math.min(...popularity)).toBeGreaterThan(0);
    expect(Math.max(...popularity)).toBeLessThanOrEqual(0.08);
    const mean = popularity.reduce((a, b) => a + b, 0) / popularity.length;
    expect(mean).toBeGreaterThan(0.008);
    expect(mean).toBeLessThan(0.0125);
    expect(variants.filter((v) => !(v.popularityBias > 0))).toEqual([]);
  });

  it("keeps repurchase-cycle statistics within the real columns' ranges (std at least √2)", () => {
    for (const v of variants) {
      expect(v.avgDays).toBeGreaterThanOrEqual(0);
      expect(v.avgDays).toBeLessThanOrEqual(84);
      expect(v.stdDays).toBeGreaterThanOrEqual(Math.SQRT2);
      expect(v.stdDays).toBeLessThanOrEqual(58.7);
    }
    for (const t of productTypes) {
      expect(t.avgDays).toBeLessThanOrEqual(39.5);
      expect(t.stdDays).toBeGreaterThanOrEqual(Math.SQRT2);
      expect(t.stdDays).toBeLessThanOrEqual(35.6);
    }
  });
});

describe("buildCatalogue: determinism", () => {
  it("is fixed by the random stream: same seed → equal catalogue, another seed → another", () => {
    expect(buildCatalogue(Random.fromSeed(42))).toEqual(catalogue);
    const other = buildCatalogue(Random.fromSeed(43));
    expect(other.variants.map((v) => v.id)).not.toEqual(variants.map((v) => v.id));
    // The product types themselves are fixed; only their statistics vary.
    expect(other.productTypes.map((t) => t.name)).toEqual(productTypes.map((t) => t.name));
  });
});

describe("formatVariantConstants", () => {
  it("writes the per-variant constants as Python reprs", () => {
    const variant: Variant = {
      ...variants[0],
      normalisedPrice: 0.5,
      discountPct: 0,
      avgDays: 33,
      stdDays: 1 / 3,
    };
    expect(formatVariantConstants(variant)).toEqual({ price: "0.5", discount: "0.0", avgDays: "33.0", stdDays: "0.3333333333333333" });
  });
});
