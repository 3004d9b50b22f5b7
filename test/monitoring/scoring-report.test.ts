import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { generateFeatureFrameCsv, writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { fitPipeline } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import { PSI_ALERT, PSI_STABLE } from "../../lib/monitoring/psi";
import { buildScoringReference, type ScoringReference } from "../../lib/monitoring/scoring-reference";
import { buildScoringReport, readScoringReports, saveScoringReport, scoringReportPath, type ScoringReport } from "../../lib/monitoring/scoring-report";
import { profileFrame } from "../../lib/monitoring/scoring-profile";
import type { ModelFile } from "../../lib/registry/model-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { predictFile } from "../../lib/registry/predict-file";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

/**
 * PSI on whole scoring runs. "Same distribution": two halves of one generated population — the
 * training days' ≥ 5-items orders (the rows a model is fitted on), alternating by time between the
 * half the model is fitted on and the half that is scored, so both come from the same customers, days
 * and catalogue. "Shifted": another seed with every price scaled by 1.6. Another seed alone is not the
 * same distribution: the generator redraws the catalogue per seed (product types' repurchase cycles,
 * vendors), which PSI rightly reports.
 */

const dir = tempDir("pushlab-scoring-report-");
let model: ModelFile;
let reference: ScoringReference;
let sameHalf: FeatureFrame;
let shiftedFile: string;

function rowsOf(frame: FeatureFrame, rows: Uint32Array): FeatureFrame {
  const numbers: FeatureFrame["numbers"] = {};
  const categories: FeatureFrame["categories"] = {};
  for (const [name, values] of Object.entries(frame.numbers)) numbers[name] = Float64Array.from(rows, (i) => values[i]);
  for (const [name, column] of Object.entries(frame.categories)) categories[name] = { codes: Int32Array.from(rows, (i) => column.codes[i]), dictionary: column.dictionary };
  return { ...frame, rowCount: rows.length, numbers, categories };
}

beforeAll(async () => {
  const populationFile = path.join(dir, "population.csv");
  await writeSyntheticFeatureFrame(populationFile, { orders: 1200, seed: 8 });
  const data = prepareData((await loadDataset(populationFile)).frame);
  const orderIds = data.frame.numbers.order_id;
  const train = data.split.rows.train;
  const rank = new Map([...new Set(Array.from(train, (i) => orderIds[i]))].sort((a, b) => a - b).map((id, k) => [id, k]));
  const half = (parity: number) => train.filter((i) => rank.get(orderIds[i])! % 2 === parity);
  const fitted = half(0);
  const { state, train: X } = fitPipeline(data.frame, fitted, { encoding: "frequency" });
  const fit = fitLogisticRegression(X, Float64Array.from(fitted, (i) => data.frame.numbers.outcome[i]), { penalty: "l2", C: 0.01 });
  model = { format: "pushlab-model-v1", version: "v_20260101_000000", experimentId: "x", pushlabVersion: "test", createdAt: "", featureNames: state.featureNames, pipeline: state, coef: Array.from(fit.coef), intercept: fit.intercept, threshold: 0.1, refit: false };
  reference = buildScoringReference(model, data.frame, fitted);
  sameHalf = rowsOf(data.frame, half(1));

  const [header, ...lines] = generateFeatureFrameCsv({ orders: 150, seed: 9 }).trimEnd().split("\n");
  const price = header.split(",").indexOf("normalised_price");
  const scaled = lines.map((line) => line.split(",").map((cell, c) => (c === price ? String(Number(cell) * 1.6) : cell)).join(","));
  shiftedFile = writeTemp(dir, "shifted.csv", [header, ...scaled].join("\n") + "\n");
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const runs = new Map<string, Promise<ScoringReport>>();

/** One predict run per (input, read, reference), shared by the tests. */
function scoringReport(input: string, parallel: "always" | "never", ref: ScoringReference | null = reference): Promise<ScoringReport> {
  const key = `${input}\u0000${parallel}\u0000${ref === null}`;
  if (!runs.has(key)) runs.set(key, runPredict(input, parallel, ref));
  return runs.get(key)!;
}

async function runPredict(input: string, parallel: "always" | "never", ref: ScoringReference | null): Promise<ScoringReport> {
  const out = path.join(dir, `${path.parse(input).name}-${parallel}${ref ? "" : "-noref"}_predictions.csv`);
  const result = await predictFile(model, input, out, undefined, { parallel, monitor: { reference: ref } });
  return buildScoringReport(result.profile!, ref, { command: "predict", input, output: out, version: model.version, experimentId: model.experimentId, threshold: model.threshold });
}

function allPsi(report: ScoringReport): { name: string; psi: number }[] {
  if (!report.psi.available) throw new Error(report.psi.reason);
  return [...report.psi.features, report.psi.score];
}

describe("scoring report", () => {
  it("keeps every PSI below 0.1 on another sample of the training distribution", () => {
    const profile = profileFrame(sameHalf, scoreFrame(model, sameHalf), model.threshold, reference);
    const report = buildScoringReport(profile, reference, { command: "predict", input: "(half)", output: path.join(dir, "half.csv"), version: model.version, experimentId: model.experimentId, threshold: model.threshold });
    const psi = allPsi(report);
    expect(psi.map((e) => e.name)).toEqual([...model.pipeline.baseFeatures, "score"]);
    for (const e of psi) expect(e.psi, e.name).toBeLessThan(PSI_STABLE);
    expect(report.alerts).toEqual([]);
    expect(report.unseen.find((u) => u.column === "vendor")!.rate).toBe(0);
  });

  it("finds the scaled prices (PSI > 0.25), alerts, and reports the other seed's vendors as unseen", async () => {
    const report = await scoringReport(shiftedFile, "never");
    const price = allPsi(report).find((e) => e.name === "normalised_price")!;
    expect(price.psi).toBeGreaterThan(PSI_ALERT);
    expect(report.alerts.some((a) => a.includes("normalised_price"))).toBe(true);
    const vendor = report.unseen.find((u) => u.column === "vendor")!;
    expect(vendor.rate).toBeGreaterThan(0.5);
    expect(vendor.rows).toBe(vendor.rate * report.rows);
    expect(vendor.values.length).toBeLessThanOrEqual(10);
  });

  it("counts the same profile in the two-worker read as in the sequential one", async () => {
    const [sequential, parallel] = [await scoringReport(shiftedFile, "never"), await scoringReport(shiftedFile, "always")];
    const strip = (r: ScoringReport) => ({ ...r, createdAt: "", output: "", unseen: r.unseen.map((u) => ({ ...u, values: [...u.values].sort((a, b) => (a.value < b.value ? -1 : 1)) })) });
    expect(strip(parallel)).toEqual(strip(sequential));
    expect(sequential.rows).toBe(fs.readFileSync(shiftedFile, "utf8").trimEnd().split("\n").length - 1);
    const pushes = fs.readFileSync(path.join(dir, "shifted-never_predictions.csv"), "utf8").trimEnd().split("\n").slice(1).filter((l) => l.endsWith(",1")).length;
    expect(sequential.aboveThreshold).toBe(pushes);
    expect(sequential.shareAboveThreshold).toBe(pushes / sequential.rows);
  });

  it("says PSI is unavailable for a version without a scoring reference, and still scores", async () => {
    const report = await scoringReport(shiftedFile, "never", null);
    expect(report.psi).toEqual({ available: false, reason: expect.stringMatching(/PSI unavailable/) });
    expect(report.rows).toBeGreaterThan(0);
  });

  it("is written beside the output and appended to the version's log, newest first", async () => {
    const scoringDir = path.join(dir, "scoring");
    const first = await scoringReport(shiftedFile, "always");
    const second = await scoringReport(shiftedFile, "never");
    expect(saveScoringReport(scoringDir, first)).toBe(scoringReportPath(first.output));
    saveScoringReport(scoringDir, second);
    expect(JSON.parse(fs.readFileSync(scoringReportPath(second.output), "utf8"))).toEqual(second);
    fs.appendFileSync(path.join(scoringDir, `${model.version}.jsonl`), '{"torn'); // a crash mid-append
    expect(readScoringReports(scoringDir, model.version).map((r) => r.output)).toEqual([second.output, first.output]);
    expect(readScoringReports(scoringDir, "v_20990101_000000")).toEqual([]);
    expect(() => readScoringReports(scoringDir, "../etc")).toThrow(/not a registry version/);
    expect(() => saveScoringReport(scoringDir, { ...second, version: "../../x" })).toThrow(/not a registry version/);
  });
});
