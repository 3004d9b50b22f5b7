import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { CampaignError, type CampaignResult, type Candidates } from "../../lib/campaign/campaign";
import { publishCandidates } from "../../lib/campaign/candidates-store";
import { campaignCsv, campaignFromCandidateSet, campaignFromFeatureFrame, defaultCampaignPath, writeCampaignList } from "../../lib/campaign/run-campaign";
import { DataError } from "../../lib/data/errors";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { parseModelFile } from "../../lib/registry/model-file";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";
import { handModel } from "../helpers/hand-registry";

const dir = tempDir("pushlab-run-campaign-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const model = parseModelFile(JSON.stringify(handModel()), "model.json");
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** The hand-written model's probability: z = −1 + 2·(ordered_before − 0.5)/0.5 − (normalised_price − 0.2)/0.1. */
const probability = (orderedBefore: number, price: number) => sigmoid(-1 + (2 * (orderedBefore - 0.5)) / 0.5 - (price - 0.2) / 0.1);

describe("campaignFromFeatureFrame", () => {
  const csv = generateFeatureFrameCsv({ orders: 30, seed: 5 });
  const file = writeTemp(dir, "frame.csv", csv);
  const [header, ...lines] = csv.trimEnd().split("\n");
  const col = (name: string) => header.split(",").indexOf(name);
  const rows = lines.map((l) => l.split(",")).map((c) => ({
    user: Number(c[col("user_id")]),
    variant: Number(c[col("variant_id")]),
    type: c[col("product_type")],
    p: probability(Number(c[col("ordered_before")]), Number(c[col("normalised_price")])),
  }));
  const productType = rows[0].type;

  it("ranks the product type's customers by their best row's probability, computed by hand from the file", () => {
    const { result, candidates } = campaignFromFeatureFrame(model, file, { productType, budget: 5 }, null, null);
    const best = new Map<number, number>();
    for (const r of rows) if (r.type === productType) best.set(r.user, Math.max(best.get(r.user) ?? -1, r.p));
    const expected = [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    expect(result.list.map((e) => e.userId)).toEqual(expected.map(([user]) => user));
    result.list.forEach((e, k) => {
      expect(e.rank).toBe(k + 1);
      expect(e.probability).toBeCloseTo(expected[k][1], 12);
      expect(e.productType).toBe(productType);
    });
    expect(result.candidateCustomers).toBe(best.size);
    expect(result.candidateRows).toBe(rows.filter((r) => r.type === productType).length);
    expect(candidates.probabilities).toHaveLength(rows.length);
  });

  it("profiles the whole file: its rows and those at or above the model's threshold", () => {
    const { profile } = campaignFromFeatureFrame(model, file, { productType, budget: 5 }, null, null);
    expect(profile.rows).toBe(rows.length);
    expect(profile.aboveThreshold).toBe(rows.filter((r) => r.p >= model.threshold).length);
    expect(profile.featureCounts).toBeNull(); // no reference given
  });

  it("refuses a file without a column the model reads, naming the file", () => {
    const ob = col("ordered_before");
    const without = writeTemp(dir, "without.csv", csv.trimEnd().split("\n").map((l) => l.split(",").filter((_, k) => k !== ob).join(",")).join("\n") + "\n");
    expect(() => campaignFromFeatureFrame(model, without, { productType, budget: 5 }, null, null)).toThrow(DataError);
    expect(() => campaignFromFeatureFrame(model, without, { productType, budget: 5 }, null, null)).toThrow(new RegExp(without.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  });
});

describe("campaignFromCandidateSet", () => {
  const candidatesDir = path.join(dir, "candidates");
  // user 101: tea 0.2, coffee 0.9; user 102: tea 0.7; user 103: soup 0.4, coffee 0.1
  const candidates: Candidates = {
    userIds: Float64Array.of(101, 101, 102, 103, 103),
    variantIds: Float64Array.of(11, 12, 11, 13, 12),
    productTypeCodes: Int32Array.of(0, 1, 0, 2, 1),
    productTypes: ["tea", "coffee", "soup, tinned"],
    probabilities: Float64Array.of(0.2, 0.9, 0.7, 0.4, 0.1),
  } as Candidates;
  publishCandidates(candidatesDir, "week-1", candidates, { version: "v_20260101_120000", source: "scored.csv" });

  it("ranks one product type's customers from the published set, naming the version that scored it", () => {
    const { result, version } = campaignFromCandidateSet(candidatesDir, "week-1", { productType: "tea", budget: 10 }, null);
    expect(version).toBe("v_20260101_120000");
    expect(result.list.map((e) => [e.userId, e.probability])).toEqual([
      [102, 0.7],
      [101, 0.2],
    ]);
  });

  it("targets a variant within its product type", () => {
    const { result } = campaignFromCandidateSet(candidatesDir, "week-1", { variantId: 12, budget: 1 }, null);
    expect(result.productType).toBe("coffee");
    expect(result.list.map((e) => [e.userId, e.variantId])).toEqual([[101, 12]]);
  });

  it("refuses an unknown set, variant or product type with a CampaignError saying which", () => {
    expect(() => campaignFromCandidateSet(candidatesDir, "week-2", { productType: "tea", budget: 1 }, null)).toThrow(new CampaignError("no published candidates named 'week-2'"));
    expect(() => campaignFromCandidateSet(candidatesDir, "week-1", { variantId: 99, budget: 1 }, null)).toThrow("no candidate has variant 99");
    expect(() => campaignFromCandidateSet(candidatesDir, "week-1", { productType: "kelp", budget: 1 }, null)).toThrow("no candidate has product type 'kelp' (3 product types in 'week-1')");
  });
});

describe("campaignCsv, defaultCampaignPath and writeCampaignList", () => {
  const result = {
    list: [
      { rank: 1, userId: 102, variantId: 11, productType: "tea", probability: 0.7 },
      { rank: 2, userId: 103, variantId: 13, productType: 'soup, "tinned"', probability: 0.4 },
    ],
  } as CampaignResult;

  it("writes rank, customer, product and probability, quoting a product type as RFC 4180 asks", () => {
    expect(campaignCsv(result)).toBe('rank,user_id,variant_id,product_type,purchase_probability\n1,102,11,tea,0.7\n2,103,13,"soup, ""tinned""",0.4\n');
    expect(campaignCsv({ ...result, list: [] })).toBe("rank,user_id,variant_id,product_type,purchase_probability\n");
  });

  it("puts the list beside the input by default", () => {
    expect(defaultCampaignPath("/data/week/customers.csv")).toBe("/data/week/customers_campaign.csv");
  });

  it("writes the list, creating its folder, and refuses to overwrite the input or a folder", () => {
    const input = writeTemp(dir, "input.csv", "a\n1\n");
    const out = path.join(dir, "lists", "week.csv");
    expect(writeCampaignList(out, input, result)).toBe(out);
    expect(fs.readFileSync(out, "utf8")).toBe(campaignCsv(result));
    expect(() => writeCampaignList(input, input, result)).toThrow(/refusing to overwrite the input file/);
    expect(fs.readFileSync(input, "utf8")).toBe("a\n1\n");
    expect(() => writeCampaignList(path.join(dir, "lists"), input, result)).toThrow(/exists and is not a regular file/);
  });
});
