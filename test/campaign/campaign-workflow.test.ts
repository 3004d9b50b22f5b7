import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { convertCsvToParquet } from "../../lib/data/parquet-writer";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { campaignApi, MAX_LIST_ROWS } from "../../lib/campaign/campaign-api";
import { rankCampaign } from "../../lib/campaign/campaign";
import { readScoredCandidates } from "../../lib/campaign/candidates-store";
import type { ScoringReport } from "../../lib/monitoring/scoring-report";
import { readScoringReports } from "../../lib/monitoring/scoring-report";
import { selectModel } from "../../lib/registry/registry";
import { versionEvaluation } from "../../lib/registry/version-files";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

/**
 * The engineer's and the sales team's path end to end, through the CLI: select a model, score a
 * month of candidates (`predict`, with its scoring report and `--strict`), rank one product's
 * customers (`campaign`), publish the scored file and ask GET /api/campaign's handler for the same list.
 */

const home = tempDir("pushlab-campaign-");
const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "90", PUSHLAB_SYNTHETIC_SEED: "21" };
let ws: Workspace;
let version: string;
let candidatesFile: string;
let shiftedFile: string;

function pushlab(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/pushlab.mjs", ...args], { env, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  ws = resolveWorkspace(env);
  const data = await loadWorkspaceData(ws);
  const spec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [spec], workers: 0 });
  version = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: spec.id, actor: "test" })).version;
  // Candidates: the workspace's own file (same catalogue); shifted: its prices tripled.
  candidatesFile = writeTemp(home, "month.csv", fs.readFileSync(ws.dataFile));
  const [header, ...lines] = generateFeatureFrameCsv({ orders: 90, seed: 21 }).trimEnd().split("\n");
  const price = header.split(",").indexOf("normalised_price");
  shiftedFile = writeTemp(home, "shifted.csv", [header, ...lines.map((l) => l.split(",").map((c, k) => (k === price ? String(Number(c) * 3) : c)).join(","))].join("\n") + "\n");
}, 180_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("predict's scoring report", () => {
  it("is written beside the predictions and logged for the version; --strict fails on a shifted file", () => {
    const ok = pushlab("predict", candidatesFile, "--strict");
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(home, "month_predictions.scoring-report.json"), "utf8")) as ScoringReport;
    expect(report).toMatchObject({ command: "predict", version, rows: fs.readFileSync(candidatesFile, "utf8").trimEnd().split("\n").length - 1 });
    expect(report.psi.available).toBe(true);
    expect(ok.stdout).toMatch(/scoring report .*month_predictions\.scoring-report\.json/);

    const shifted = pushlab("predict", shiftedFile, "--strict");
    expect(shifted.code).toBe(1);
    expect(shifted.stderr).toMatch(/warning: PSI of normalised_price is \d+\.\d+ \(> 0\.25\)/);
    expect(shifted.stderr).toMatch(/--strict: \d+ population stability ind/);
    expect(fs.existsSync(path.join(home, "shifted_predictions.csv"))).toBe(true); // still written
    const withoutStrict = pushlab("predict", shiftedFile, "--out", path.join(home, "shifted2.csv"));
    expect(withoutStrict.code).toBe(0);
    expect(withoutStrict.stderr).toMatch(/warning: PSI of normalised_price/);
    expect(readScoringReports(ws.scoringDir, version).map((r) => path.basename(r.output))).toEqual(["shifted2.csv", "shifted_predictions.csv", "month_predictions.csv"]);
  });

  it("of a Parquet input is the CSV's report (same rows, shares, unseen values and PSI), and --strict fails on the shifted Parquet", async () => {
    const monthParquet = path.join(home, "parquet", "month.parquet");
    const shiftedParquet = path.join(home, "parquet", "shifted.parquet");
    fs.mkdirSync(path.dirname(monthParquet), { recursive: true });
    await convertCsvToParquet(candidatesFile, monthParquet);
    await convertCsvToParquet(shiftedFile, shiftedParquet);
    const figures = (file: string) => {
      const { createdAt, input, output, ...rest } = JSON.parse(fs.readFileSync(file, "utf8")) as ScoringReport;
      expect([createdAt, input, output].every((v) => typeof v === "string")).toBe(true);
      return rest;
    };
    const ok = pushlab("predict", monthParquet, "--strict");
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.existsSync(path.join(home, "parquet", "month_predictions.parquet"))).toBe(true);
    expect(pushlab("predict", candidatesFile, "--out", path.join(home, "parquet", "month-csv.csv")).code).toBe(0);
    expect(figures(path.join(home, "parquet", "month_predictions.scoring-report.json"))).toEqual(figures(path.join(home, "parquet", "month-csv.scoring-report.json")));
    const shifted = pushlab("predict", shiftedParquet, "--strict", "--out", path.join(home, "parquet", "shifted.csv"));
    expect(shifted.code).toBe(1);
    expect(shifted.stderr).toMatch(/--strict: \d+ population stability ind/);
    expect(pushlab("predict", shiftedFile, "--out", path.join(home, "parquet", "shifted-csv.csv")).code).toBe(0);
    expect(figures(path.join(home, "parquet", "shifted.scoring-report.json"))).toEqual(figures(path.join(home, "parquet", "shifted-csv.scoring-report.json")));
  });

  it("still scores with a version that keeps no scoring reference, and says PSI is unavailable", () => {
    const referenceFile = path.join(ws.registryDir, version, "scoring-reference.json");
    const kept = fs.readFileSync(referenceFile);
    fs.rmSync(referenceFile);
    try {
      const run = pushlab("predict", shiftedFile, "--strict", "--out", path.join(home, "old.csv"));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/keeps no training sample .*PSI unavailable/);
      expect(JSON.parse(fs.readFileSync(path.join(home, "old.scoring-report.json"), "utf8")).psi.available).toBe(false);
    } finally {
      fs.writeFileSync(referenceFile, kept);
    }
  });
});

describe("campaign", () => {
  it("writes the list in rank order, at most the budget, one row per customer", () => {
    const out = path.join(home, "tea.csv");
    const run = pushlab("campaign", candidatesFile, "--product-type", "ricepastapulses", "--budget", "25", "--out", out, "--json");
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    const [header, ...rows] = fs.readFileSync(out, "utf8").trimEnd().split("\n");
    expect(header).toBe("rank,user_id,variant_id,product_type,purchase_probability");
    expect(rows).toHaveLength(25);
    const parsed = rows.map((r) => r.split(","));
    expect(parsed.map((r) => Number(r[0]))).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
    const probabilities = parsed.map((r) => Number(r[4]));
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(new Set(parsed.map((r) => r[1])).size).toBe(25);
    expect(parsed.every((r) => r[3] === "ricepastapulses")).toBe(true);
    // Nobody left off the list scores higher than the last one on it.
    const scored = readScoredCandidates(path.join(home, "month_predictions.csv"));
    const full = rankCampaign(scored, { productType: "ricepastapulses", budget: 1_000_000 }, null);
    expect(full.list.slice(0, 25).map((e) => [String(e.userId), e.probability])).toEqual(parsed.map((r) => [r[1], Number(r[4])]));
    // Its estimates come from the version's validation curve.
    const evaluation = versionEvaluation(ws.registryDir, version)!;
    expect(printed.estimates).toEqual(rankCampaign(scored, { productType: "ricepastapulses", budget: 25 }, evaluation).estimates);
    expect(printed.estimates[0].expectedBuyers).toBeCloseTo(25 * printed.estimates[0].precision, 12);
    expect(fs.existsSync(path.join(home, "tea.scoring-report.json"))).toBe(true);
  });

  it.each([
    [["--product-type", "spaceships", "--budget", "5"], /no candidate has product type 'spaceships'/],
    [["--product-type", "ricepastapulses", "--threshold", "2"], /--threshold must be a number in \[0, 1\]/],
  ])("refuses %j with one line and writes nothing", (args, message) => {
    const out = path.join(home, "refused.csv");
    const run = pushlab("campaign", candidatesFile, ...args, "--out", out);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("GET /api/campaign (handler)", () => {
  beforeAll(() => {
    const run = pushlab("candidates", "publish", path.join(home, "month_predictions.csv"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/published 'month'/);
  });

  it("answers the same list and estimates as the CLI from the published set", () => {
    const answer = campaignApi(ws, new URLSearchParams({ candidates: "month", product_type: "ricepastapulses", budget: "25" }));
    expect(answer.status).toBe(200);
    const body = answer.body as { list: { userId: number; probability: number }[]; scoredBy: string; estimates: unknown[] };
    const scored = readScoredCandidates(path.join(home, "month_predictions.csv"));
    const expected = rankCampaign(scored, { productType: "ricepastapulses", budget: 25 }, versionEvaluation(ws.registryDir, version));
    expect(body.list).toEqual(expected.list);
    expect(body.estimates).toEqual(expected.estimates);
    expect(body.scoredBy).toBe(version);
    const byVariant = campaignApi(ws, new URLSearchParams({ candidates: "month", variant: String(expected.list[0].variantId), threshold: "0" }));
    expect(byVariant.status).toBe(200);
    expect((byVariant.body as { list: unknown[] }).list).toEqual(rankCampaign(scored, { variantId: expected.list[0].variantId, threshold: 0 }, null).list);
  });

  it.each([
    [{ candidates: "../registry/registry", product_type: "x", budget: "1" }, 404],
    [{ candidates: "nope", product_type: "x", budget: "1" }, 404],
    [{ candidates: "month", product_type: "spaceships", budget: "1" }, 404],
    [{ candidates: "month", product_type: "ricepastapulses", budget: "1.5" }, 400],
    [{ candidates: "month", product_type: "ricepastapulses", threshold: "-1" }, 400],
    [{ candidates: "month", product_type: "ricepastapulses" }, 400],
    [{ candidates: "month", product_type: "ricepastapulses", budget: "1", path: "/etc/passwd" }, 400],
    [{ candidates: "month", product_type: "ricepastapulses", budget: "1", limit: String(MAX_LIST_ROWS + 1) }, 400],
  ])("refuses %j with %i", (params, status) => {
    const answer = campaignApi(ws, new URLSearchParams(params));
    expect(answer.status).toBe(status);
    expect((answer.body as { error: string }).error).toEqual(expect.any(String));
  });

  it("lists the published sets without a name", () => {
    expect(campaignApi(ws, new URLSearchParams()).body).toEqual({ candidates: [expect.objectContaining({ name: "month", version })] });
  });
});
