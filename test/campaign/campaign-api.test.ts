import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Candidates } from "../../lib/campaign/campaign";
import { campaignApi, MAX_LIST_ROWS } from "../../lib/campaign/campaign-api";
import { publishCandidates } from "../../lib/campaign/candidates-store";
import { EVALUATION_FILE } from "../../lib/registry/version-evaluation";
import { resolveWorkspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { writeHandRegistry } from "../helpers/hand-registry";

const ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: tempDir("pushlab-campaign-api-") });
afterAll(() => fs.rmSync(ws.home, { recursive: true, force: true }));

const SCORED_BY = "v_20260101_000001";
const ACTIVE = "v_20260101_000002";
writeHandRegistry(ws.registryDir, [SCORED_BY, ACTIVE]);
// user 101: tea 0.2, coffee 0.9; user 102: tea 0.7; user 103: soup 0.4, coffee 0.1; user 104: tea 0.5
const candidates = {
  userIds: Float64Array.of(101, 101, 102, 103, 103, 104),
  variantIds: Float64Array.of(11, 12, 11, 13, 12, 11),
  productTypeCodes: Int32Array.of(0, 1, 0, 2, 1, 0),
  productTypes: ["tea", "coffee", "soup, tinned"],
  probabilities: Float64Array.of(0.2, 0.9, 0.7, 0.4, 0.1, 0.5),
} as Candidates;
publishCandidates(ws.candidatesDir, "week-1", candidates, { version: SCORED_BY, source: "scored.csv" });

const ask = (query: string) => campaignApi(ws, new URLSearchParams(query));
const error = (query: string) => {
  const answer = ask(query);
  return [answer.status, (answer.body as { error: string }).error] as const;
};

describe("campaignApi", () => {
  it("without a name, lists the published sets", () => {
    const { status, body } = ask("");
    expect(status).toBe(200);
    expect(body).toEqual({ candidates: [{ name: "week-1", version: SCORED_BY, rows: 6, productTypes: 3, publishedAt: expect.any(String) }] });
  });

  it("answers one product type's list, with the version that scored it and the active one", () => {
    const { status, body } = ask("candidates=week-1&product_type=tea&budget=2");
    expect(status).toBe(200);
    expect(body).toMatchObject({ candidates: "week-1", scoredBy: SCORED_BY, activeVersion: ACTIVE, productType: "tea", candidateRows: 3, candidateCustomers: 3, customers: 2, cutoff: 0.5, truncated: false });
    const list = (body as { list: { userId: number; probability: number }[] }).list;
    expect(list.map((e) => [e.userId, e.probability])).toEqual([
      [102, 0.7],
      [104, 0.5],
    ]);
  });

  it("cuts at a threshold inclusively, and truncates to the limit, saying so", () => {
    const byThreshold = ask("candidates=week-1&product_type=tea&threshold=0.5").body as { customers: number };
    expect(byThreshold.customers).toBe(2);
    const limited = ask("candidates=week-1&product_type=tea&budget=3&limit=1").body as { customers: number; truncated: boolean; list: unknown[] };
    expect(limited).toMatchObject({ customers: 3, truncated: true });
    expect(limited.list).toHaveLength(1);
  });

  it("without a kept evaluation, or with a damaged one, answers the list without estimates (never a 500)", () => {
    const file = path.join(ws.registryDir, SCORED_BY, EVALUATION_FILE);
    for (const content of [null, "{ torn"]) {
      if (content !== null) fs.writeFileSync(file, content);
      const answer = ask("candidates=week-1&product_type=tea&budget=2");
      expect(answer.status).toBe(200);
      expect((answer.body as { estimates: unknown[] }).estimates).toEqual([]);
    }
    fs.rmSync(file);
  });

  it("refuses unknown and repeated parameters", () => {
    expect(error("candidates=week-1&product=tea&budget=2")).toEqual([400, "unknown parameter 'product' (known: candidates, product_type, variant, budget, threshold, limit)"]);
    expect(error("candidates=week-1&product_type=tea&product_type=coffee&budget=2")).toEqual([400, "parameter 'product_type' given more than once"]);
  });

  it("answers 404 for a name that is no published set, a path included", () => {
    for (const name of ["week-2", "../registry", "week-1/../x", ""]) {
      const [status, message] = error(`candidates=${encodeURIComponent(name)}&product_type=tea&budget=2`);
      expect(status, name).toBe(404);
      expect(message).toMatch(/^no published candidates named /);
    }
  });

  it("refuses a limit that is not an integer in [1, MAX_LIST_ROWS]", () => {
    for (const limit of ["0", "-1", "1.5", "1e3", "abc", String(MAX_LIST_ROWS + 1), ""]) {
      expect(error(`candidates=week-1&product_type=tea&budget=2&limit=${limit}`), limit).toEqual([400, `limit must be an integer in [1, ${MAX_LIST_ROWS}], got '${limit}'`]);
    }
    expect(ask(`candidates=week-1&product_type=tea&budget=2&limit=${MAX_LIST_ROWS}`).status).toBe(200);
  });

  it("checks the query with the API's parameter names: 400 for a bad query, 404 for a target no candidate has", () => {
    expect(error("candidates=week-1&product_type=tea&variant=11&budget=2")).toEqual([400, "give exactly one of product_type or variant"]);
    expect(error("candidates=week-1&product_type=tea")).toEqual([400, "give exactly one of budget or threshold"]);
    expect(error("candidates=week-1&variant=x1&budget=2")).toEqual([400, "variant must be a variant id (an integer), got 'x1'"]);
    expect(error("candidates=week-1&product_type=tea&threshold=1.5")).toEqual([400, "threshold must be a number in [0, 1], got '1.5'"]);
    expect(error("candidates=week-1&variant=99&budget=2")).toEqual([404, "no candidate has variant 99"]);
    expect(error("candidates=week-1&product_type=kelp&budget=2")[0]).toBe(404);
  });

  it("says no model is active when the registry has none", () => {
    fs.rmSync(ws.registryDir, { recursive: true, force: true });
    expect((ask("candidates=week-1&product_type=tea&budget=1").body as { activeVersion: string | null }).activeVersion).toBeNull();
  });
});
