import { describe, expect, it } from "vitest";
import { CampaignError, parseCampaignQuery, rankCampaign, wilsonInterval, type Candidates } from "../../lib/campaign/campaign";
import { compactCurve, curveAt } from "../../lib/registry/version-evaluation";
import { binaryClfCurve } from "../../lib/metrics";

/** Candidates from rows [user, variant, product type, probability]. */
function candidates(rows: [number, number, string, number][]): Candidates {
  const productTypes = [...new Set(rows.map((r) => r[2]))];
  return {
    userIds: Float64Array.from(rows, (r) => r[0]),
    variantIds: Float64Array.from(rows, (r) => r[1]),
    productTypeCodes: Int32Array.from(rows, (r) => productTypes.indexOf(r[2])),
    productTypes,
    probabilities: Float64Array.from(rows, (r) => r[3]),
  };
}

const pool = candidates([
  [1, 10, "tea", 0.2],
  [1, 11, "tea", 0.7], // customer 1's best tea row
  [2, 10, "tea", 0.5],
  [3, 11, "tea", 0.5], // tie with customer 2: the lower customer id first
  [4, 10, "tea", 0.1],
  [5, 20, "soap", 0.99], // another product: never on a tea list
  [6, 10, "tea", 0.05],
]);

describe("parseCampaignQuery", () => {
  it("accepts one target and one cut", () => {
    expect(parseCampaignQuery({ productType: "tea", budget: "3" })).toEqual({ productType: "tea", budget: 3 });
    expect(parseCampaignQuery({ variant: "33826472919172", threshold: "0.25" })).toEqual({ variantId: 33826472919172, threshold: 0.25 });
    expect(parseCampaignQuery({ productType: "tea", threshold: "0" })).toEqual({ productType: "tea", threshold: 0 });
    expect(parseCampaignQuery({ productType: "tea", threshold: "1" })).toEqual({ productType: "tea", threshold: 1 });
  });

  it.each([
    [{ budget: "3" }, /exactly one of --product-type or --variant/],
    [{ productType: "tea", variant: "1", budget: "3" }, /exactly one of --product-type or --variant/],
    [{ productType: "tea" }, /exactly one of --budget or --threshold/],
    [{ productType: "tea", budget: "3", threshold: "0.5" }, /exactly one of --budget or --threshold/],
    [{ productType: "tea", budget: "0" }, /--budget must be a positive integer/],
    [{ productType: "tea", budget: "-2" }, /--budget must be a positive integer/],
    [{ productType: "tea", budget: "2.5" }, /--budget must be a positive integer/],
    [{ productType: "tea", budget: "1e3" }, /--budget must be a positive integer/],
    [{ productType: "tea", budget: "" }, /--budget must be a positive integer/],
    [{ productType: "tea", threshold: "1.01" }, /--threshold must be a number in \[0, 1\]/],
    [{ productType: "tea", threshold: "-0.1" }, /--threshold must be a number in \[0, 1\]/],
    [{ productType: "tea", threshold: "NaN" }, /--threshold must be a number in \[0, 1\]/],
    [{ productType: "tea", threshold: " " }, /--threshold must be a number in \[0, 1\]/],
    [{ variant: "12ab", budget: "1" }, /--variant must be a variant id/],
    [{ productType: " ", budget: "1" }, /--product-type must be a product type name/],
  ])("refuses %o", (raw, message) => {
    expect(() => parseCampaignQuery(raw)).toThrow(CampaignError);
    expect(() => parseCampaignQuery(raw)).toThrow(message);
  });

  it("names the API's parameters when asked to", () => {
    expect(() => parseCampaignQuery({ productType: "tea", budget: "0" }, { productType: "product_type", variant: "variant", budget: "budget", threshold: "threshold" })).toThrow(/^budget must be/);
  });
});

describe("rankCampaign", () => {
  it("ranks each customer once by their best row, highest probability first, and cuts at the budget", () => {
    const result = rankCampaign(pool, { productType: "tea", budget: 3 }, null);
    expect(result.list).toEqual([
      { rank: 1, userId: 1, variantId: 11, productType: "tea", probability: 0.7 },
      { rank: 2, userId: 2, variantId: 10, productType: "tea", probability: 0.5 },
      { rank: 3, userId: 3, variantId: 11, productType: "tea", probability: 0.5 },
    ]);
    expect(result.candidateRows).toBe(6);
    expect(result.candidateCustomers).toBe(5);
    expect(result.cutoff).toBe(0.5);
    expect(result.estimates).toEqual([]);
    expect(result.estimatesNote).toMatch(/no validation curve/);
  });

  it("pushes every candidate customer when the budget exceeds them, and cuts at a threshold inclusively", () => {
    expect(rankCampaign(pool, { productType: "tea", budget: 100 }, null).list.map((e) => e.userId)).toEqual([1, 2, 3, 4, 6]);
    expect(rankCampaign(pool, { productType: "tea", threshold: 0.5 }, null).list.map((e) => e.userId)).toEqual([1, 2, 3]);
    expect(rankCampaign(pool, { productType: "tea", threshold: 0.95 }, null).list).toEqual([]);
  });

  it("targets one variant", () => {
    const result = rankCampaign(pool, { variantId: 10, budget: 10 }, null);
    expect(result.list.map((e) => [e.userId, e.probability])).toEqual([[2, 0.5], [1, 0.2], [4, 0.1], [6, 0.05]]);
    expect(result.productType).toBe("tea");
  });

  it("refuses a product type or variant no candidate has", () => {
    expect(() => rankCampaign(pool, { productType: "spaceships", budget: 1 }, null)).toThrow(/no candidate has product type 'spaceships'/);
    expect(() => rankCampaign(pool, { variantId: 99, budget: 1 }, null)).toThrow(/no candidate has variant 99/);
  });

  it("estimates precision and buyers from the validation rows scoring at least the list's lowest probability", () => {
    // Validation: 10 rows, scores 0.9 … 0.0; bought: 0.9, 0.8, 0.6, 0.3.
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    const labels = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0];
    const curve = compactCurve(binaryClfCurve(labels, scores), 1); // every point
    const evaluation = { validationCurve: curve, validationCurveByProductType: [{ productType: "tea", curve: compactCurve(binaryClfCurve([1, 0], [0.8, 0.6]), 1) }] };
    const result = rankCampaign(pool, { productType: "tea", budget: 3 }, evaluation); // cut-off 0.5
    const [overall, own] = result.estimates;
    // Rows ≥ 0.5: 0.9, 0.8, 0.7, 0.6, 0.5 → 3 of 5 bought.
    expect(overall).toMatchObject({ basis: "all products", threshold: 0.5, validationPushes: 5, validationBuyers: 3, precision: 0.6, expectedBuyers: 3 * 0.6 });
    const { low, high } = wilsonInterval(3, 5);
    expect(overall.precisionLow).toBe(low);
    expect(overall.expectedBuyersHigh).toBe(3 * high);
    expect(own).toMatchObject({ basis: "this product type", threshold: 0.6, validationPushes: 2, validationBuyers: 1, precision: 0.5 });
  });
});

describe("wilsonInterval", () => {
  it("matches the textbook Wilson score intervals", () => {
    // statsmodels proportion_confint(5, 10, method="wilson") = (0.2366, 0.7634); (0, 10) = (0, 0.2775)
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.236593, 5);
    expect(half.high).toBeCloseTo(0.763407, 5);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.277533, 5);
  });
});

describe("compactCurve", () => {
  it("keeps exact counts at points spaced by ≥ 2% more pushed rows, and the last point", () => {
    const n = 5000;
    const scores = Float64Array.from({ length: n }, (_, i) => 1 - i / n);
    const labels = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const curve = compactCurve(binaryClfCurve(labels, scores));
    expect(curve.threshold.length).toBeLessThan(400);
    const last = curve.threshold.length - 1;
    expect(curve.tp[last] + curve.fp[last]).toBe(n);
    for (let k = 0; k < curve.threshold.length; k++) {
      const pushed = Math.round((1 - curve.threshold[k]) * n) + 1;
      expect(curve.tp[k] + curve.fp[k]).toBe(pushed);
      expect(curve.tp[k]).toBe(Math.ceil(pushed / 7));
    }
    expect(curveAt(curve, 2)).toBeNull();
    expect(curveAt(curve, 0)!.tp + curveAt(curve, 0)!.fp).toBe(n);
  });
});
