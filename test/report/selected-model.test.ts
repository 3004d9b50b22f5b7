import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { PreparedData } from "../../lib/data/dataset";
import { categoryColumn, numberColumn } from "../../lib/data/feature-frame";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { scoreFrame, type ModelFile } from "../../lib/registry/model-file";
import { loadModel, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { activeVersion } from "../../lib/registry/active";
import { buildSelectedModelReport, targetingPreview, type SelectedModelReport } from "../../lib/report/selected-model";
import { resolveWorkspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";

const home = tempDir("pushlab-selected-");
const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "80", PUSHLAB_SYNTHETIC_SEED: "5" };
let data: PreparedData;
let model: ModelFile;
let report: SelectedModelReport;
let scores: Float64Array;
let y: number[];
let users: number[];

beforeAll(async () => {
  const ws = resolveWorkspace(env);
  data = await loadWorkspaceData(ws);
  const spec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [spec], workers: 0 });
  await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: spec.id, actor: "test" });
  model = loadModel(ws.registryDir);
  const version = activeVersion(ws)!;
  report = buildSelectedModelReport(version, readVersionMetadata(ws.registryDir, version.version), model, data);
  const test = data.split.rows.test;
  scores = scoreFrame(model, data.frame, test);
  const target = numberColumn(data.frame, "outcome");
  const userColumn = numberColumn(data.frame, "user_id");
  y = Array.from(test, (i) => target[i]);
  users = Array.from(test, (i) => userColumn[i]);
}, 120_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** Distinct buying customers among rows with score ≥ t, by brute force. */
function customersAt(t: number): number {
  const set = new Set<number>();
  for (let k = 0; k < y.length; k++) if (y[k] === 1 && scores[k] >= t) set.add(users[k]);
  return set.size;
}

describe("the selected model's push figures", () => {
  it("counts customers, not purchases, at the operating threshold", () => {
    const op = report.operating;
    let pushes = 0;
    let purchases = 0;
    for (let k = 0; k < y.length; k++) if (scores[k] >= model.threshold) pushes++, (purchases += y[k]);
    expect(op.pushes).toBe(pushes);
    expect(op.purchases).toBe(purchases);
    expect(op.precision).toBeCloseTo(purchases / pushes, 12);
    expect(op.customersReached).toBe(customersAt(model.threshold));
    expect(op.customersReached).toBeLessThanOrEqual(op.purchases);
    expect(report.budget.buyingCustomers).toBe(new Set(users.filter((_, k) => y[k] === 1)).size);
    expect(report.budget.buyingCustomers).toBeLessThan(report.budget.positives); // customers buy several products per order
    expect(op.randomPrecision).toBeCloseTo(report.budget.positives / report.budget.candidateRows, 12);
    // The stored registry figures describe the same operating point.
    expect(op.precision).toBeCloseTo(report.metadata.test.precision, 12);
    expect(op.pushes).toBe(report.metadata.test.pushes);
  });

  it("each budget point's customers equal a brute-force count at that many pushes", () => {
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
    for (const p of report.budget.model.filter((_, i) => i % 17 === 0)) {
      const t = scores[order[p.pushes - 1]];
      expect(p.customers).toBe(customersAt(t));
    }
  });

  it("the popularity list at the model's number of pushes: the largest step with at most that many pushes", () => {
    const popularity = numberColumn(data.frame, "global_popularity");
    const pop = Array.from(data.split.rows.test, (i) => popularity[i]);
    const distinct = [...new Set(pop)].sort((a, b) => b - a);
    let best = { pushes: 0, purchases: 0 };
    for (const t of distinct) {
      let n = 0;
      let tp = 0;
      for (let k = 0; k < pop.length; k++) if (pop[k] >= t) n++, (tp += y[k]);
      if (n > report.operating.pushes) break;
      best = { pushes: n, purchases: tp };
    }
    expect(report.operating.baselinePurchases).toBe(best.purchases);
    expect(report.operating.baselinePrecision).toBeCloseTo(best.pushes ? best.purchases / best.pushes : 0, 12);
  });

  it("the default product type is the one the model pushes most", () => {
    const types = categoryColumn(data.frame, "product_type");
    const counts = new Map<string, number>();
    data.split.rows.test.forEach((i, k) => {
      if (scores[k] >= model.threshold) counts.set(types.dictionary[types.codes[i]], (counts.get(types.dictionary[types.codes[i]]) ?? 0) + 1);
    });
    const max = Math.max(...counts.values());
    expect(counts.get(report.defaultProductType!)).toBe(max);
  });
});

describe("targetingPreview", () => {
  it("lists the pushed rows at the threshold and the ones left out, with their counts", () => {
    const type = report.defaultProductType!;
    const preview = targetingPreview(model, data, { productType: type }, 1000);
    expect(preview.threshold).toBe(model.threshold);
    expect(preview.pushed).toBeGreaterThan(0);
    expect(preview.rows.every((r) => r.pushed && r.probability >= model.threshold && r.productType === type)).toBe(true);
    expect(preview.leftOut.every((r) => !r.pushed && r.probability < model.threshold)).toBe(true);
    expect(preview.pushed + preview.leftOutCount).toBe(preview.candidates);
    expect(preview.rows.filter((r) => r.bought).length).toBe(preview.buyersReached);
    expect(preview.buyersReached + preview.leftOutBuyers).toBe(preview.buyers);
    expect(preview.customersPushed).toBe(new Set(preview.rows.map((r) => r.userId)).size);
    const probabilities = preview.rows.map((r) => r.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(targetingPreview(model, data, { productType: type }, 3).rows).toHaveLength(Math.min(3, preview.pushed));
  });
});
