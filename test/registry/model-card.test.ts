import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { PreparedData } from "../../lib/data/dataset";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import { readResult } from "../../lib/experiments/results/results-store";
import { experimentIntervals } from "../../lib/experiments/results/result-intervals";
import { runExperiments } from "../../lib/experiments/running/runner";
import { buildModelCard, formatCell, type CardSection, type Cell, type ModelCard, type NumberCell } from "../../lib/registry/model-card";
import { loadModelCard } from "../../lib/registry/model-card-data";
import { renderCardHtml, renderCardMarkdown } from "../../lib/registry/model-card-render";
import { loadModel, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { readRegistryIndex } from "../../lib/registry/index-file";
import { versionEvaluation, versionScoringReference } from "../../lib/registry/version-files";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";

const home = tempDir("pushlab-card-");
let ws: Workspace;
let data: PreparedData;
let first: string;
let refitted: string;
const spec = makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });

beforeAll(async () => {
  ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "80", PUSHLAB_SYNTHETIC_SEED: "13" });
  data = await loadWorkspaceData(ws);
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [spec], workers: 0 });
  first = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: spec.id, actor: "test", note: "first" })).version;
  refitted = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: spec.id, actor: "test", refit: true })).version;
}, 180_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const section = (card: ModelCard, id: string): CardSection => card.sections.find((s) => s.id === id)!;
const num = (cell: Cell): NumberCell => {
  if (typeof cell === "string") throw new Error(`expected a number cell, got '${cell}'`);
  return cell;
};
function tableRow(card: ModelCard, id: string, label: string): Cell[] {
  for (const block of section(card, id).blocks) if (block.kind === "table") for (const row of block.rows) if (row[0] === label) return row;
  throw new Error(`no row '${label}' in ${id}`);
}
function fact(card: ModelCard, id: string, label: string): Cell {
  for (const block of section(card, id).blocks) if (block.kind === "facts") for (const item of block.items) if (item.label === label) return item.value;
  throw new Error(`no fact '${label}' in ${id}`);
}

describe("the model card", () => {
  it("has the sections of Mitchell et al. (2019) and the looks at the test days", () => {
    expect(loadModelCard(ws, first).sections.map((s) => s.id)).toEqual(["model-details", "intended-use", "factors", "metrics", "evaluation-data", "training-data", "quantitative-analyses", "test-looks", "caveats"]);
  });

  it("shows the metadata's figures, with the stored result's validation intervals and the kept test intervals", () => {
    const card = loadModelCard(ws, first);
    const metadata = readVersionMetadata(ws.registryDir, first);
    const evaluation = versionEvaluation(ws.registryDir, first)!;
    const intervals = experimentIntervals(ws, readResult(ws.resultsDir, spec.id)!)!;
    const ap = tableRow(card, "metrics", "Average precision");
    expect(num(ap[1])).toEqual({ value: metadata.validation.averagePrecision, kind: "ratio", low: intervals.averagePrecision.low, high: intervals.averagePrecision.high });
    expect(num(ap[2])).toEqual({ value: metadata.test.averagePrecision, kind: "ratio", low: evaluation.testIntervals!.averagePrecision.low, high: evaluation.testIntervals!.averagePrecision.high });
    expect(num(tableRow(card, "metrics", "ROC-AUC")[2]).value).toBe(metadata.test.rocAuc);
    for (const [label, key] of [["Precision at the threshold", "precision"], ["Recall at the threshold", "recall"], ["F0.3 at the threshold", "f03"], ["Pushes (rows at or above the threshold)", "pushes"], ["Rows", "rows"], ["Purchases (positives)", "positives"]] as const) {
      const row = tableRow(card, "metrics", label);
      expect(num(row[1]).value, label).toBe(metadata.validation[key]);
      expect(num(row[2]).value, label).toBe(metadata.test[key]);
    }
    const precision = num(tableRow(card, "metrics", "Precision at the threshold")[2]);
    expect(precision.low!).toBeLessThanOrEqual(precision.value!);
    expect(precision.high!).toBeGreaterThanOrEqual(precision.value!);
    expect(num(fact(card, "model-details", "Operating threshold")).value).toBe(metadata.threshold);
    expect(fact(card, "model-details", "Experiment")).toBe(metadata.experimentId);
    expect(num(fact(card, "evaluation-data", "Test rows")).value).toBe(metadata.test.rows);
    const testStats = data.split.stats.find((s) => s.name === "test")!;
    expect(num(fact(card, "evaluation-data", "Test orders")).value).toBe(testStats.orders);
    expect(num(fact(card, "training-data", "Train rows")).value).toBe(data.split.stats.find((s) => s.name === "train")!.rows);
  });

  it("breaks the figures down by week and product type consistently with the totals", () => {
    const metadata = readVersionMetadata(ws.registryDir, first);
    const evaluation = versionEvaluation(ws.registryDir, first)!;
    const test = evaluation.byWeek.filter((w) => w.split === "test");
    expect(test.reduce((a, w) => a + w.rows, 0)).toBe(metadata.test.rows);
    expect(test.reduce((a, w) => a + w.positives, 0)).toBe(metadata.test.positives);
    expect(test.reduce((a, w) => a + w.pushes, 0)).toBe(metadata.test.pushes);
    expect(evaluation.byWeek.filter((w) => w.split === "validation").reduce((a, w) => a + w.rows, 0)).toBe(metadata.validation.rows);
    expect(evaluation.byProductType.reduce((a, p) => a + p.positives, 0)).toBe(metadata.test.positives);
    expect(evaluation.byProductType.reduce((a, p) => a + p.truePositives, 0)).toBe(Math.round(metadata.test.precision * metadata.test.pushes));
    expect(evaluation.testIntervals!.averagePrecision.estimate).toBeCloseTo(metadata.test.averagePrecision, 12);
    const curve = evaluation.validationCurve;
    expect(curve.tp[curve.tp.length - 1]).toBe(metadata.validation.positives);
    expect(curve.tp[curve.tp.length - 1] + curve.fp[curve.fp.length - 1]).toBe(metadata.validation.rows);
    // The card's week table is the evaluation's, row for row.
    const card = loadModelCard(ws, first);
    const weeks = section(card, "quantitative-analyses").blocks.find((b) => b.kind === "table")!;
    if (weeks.kind !== "table") throw new Error("no table");
    expect(weeks.rows.map((r) => num(r[2]).value)).toEqual(evaluation.byWeek.map((w) => w.rows));
    expect(weeks.rows.map((r) => num(r[5]).value)).toEqual(evaluation.byWeek.map((w) => w.averagePrecision));
  });

  it("counts the looks at the test days and says when a version came after the first", () => {
    const card = loadModelCard(ws, refitted);
    const looks = section(card, "test-looks");
    expect(looks.blocks[0]).toEqual({ kind: "paragraph", text: "The test days have been looked at 2 times in this registry; this version came from look 2." });
    const caveats = section(card, "caveats").blocks[0];
    expect(caveats.kind === "list" && caveats.items.some((i) => i.startsWith("This version came from look 2"))).toBe(true);
    const firstCaveats = section(loadModelCard(ws, first), "caveats").blocks[0];
    expect(firstCaveats.kind === "list" && firstCaveats.items.some((i) => i.includes("came from look"))).toBe(false);
  });

  it("labels a refit's validation figures in-sample, without intervals", () => {
    const card = loadModelCard(ws, refitted);
    const metrics = section(card, "metrics").blocks[0];
    expect(metrics.kind === "table" && metrics.columns[1]).toBe("validation (in-sample)");
    expect(num(tableRow(card, "metrics", "Average precision")[1]).low).toBeUndefined();
    expect(fact(card, "model-details", "Fitted on")).toBe("train+validation");
  });

  it("says so when the result is kept but its validation scores are not (no interval to resample)", () => {
    const entry = readRegistryIndex(ws.registryDir).versions.find((v) => v.version === first)!;
    const input = {
      entry,
      metadata: readVersionMetadata(ws.registryDir, first),
      model: loadModel(ws.registryDir, first),
      active: false,
      result: readResult(ws.resultsDir, spec.id)!,
      evaluation: versionEvaluation(ws.registryDir, first),
      reference: versionScoringReference(ws.registryDir, first),
      testLooks: null,
    };
    const without = buildModelCard({ ...input, validationIntervals: null });
    expect(num(tableRow(without, "metrics", "Average precision")[1]).low).toBeUndefined();
    expect(renderCardMarkdown(without)).toContain("The experiment's validation scores are not stored, so validation AP and ROC-AUC carry no interval.");
    const withIntervals = buildModelCard({ ...input, validationIntervals: experimentIntervals(ws, input.result) });
    expect(num(tableRow(withIntervals, "metrics", "Average precision")[1]).low).toBeDefined();
    expect(renderCardMarkdown(withIntervals)).not.toContain("validation scores are not stored");
  });

  it("still renders a version that keeps no evaluation or reference, saying what is missing", () => {
    const dir = path.join(ws.registryDir, first);
    const kept = ["evaluation.json", "scoring-reference.json"].map((f) => [f, fs.readFileSync(path.join(dir, f))] as const);
    for (const [f] of kept) fs.rmSync(path.join(dir, f));
    try {
      const card = loadModelCard(ws, first);
      const text = renderCardMarkdown(card);
      expect(text).toMatch(/keeps no evaluation by week or product type/);
      expect(text).toMatch(/keeps no training sample/);
      expect(num(tableRow(card, "metrics", "Average precision")[2]).low).toBeUndefined();
    } finally {
      for (const [f, bytes] of kept) fs.writeFileSync(path.join(dir, f), bytes);
    }
  });

  it("renders every section and number in Markdown and HTML, escaping text", () => {
    const card = loadModelCard(ws, first);
    const md = renderCardMarkdown(card);
    const html = renderCardHtml(card);
    for (const s of card.sections) {
      expect(md).toContain(`## ${s.title}`);
      expect(html).toContain(`<h2>${s.title}</h2>`);
    }
    const ap = formatCell(tableRow(card, "metrics", "Average precision")[2]);
    expect(ap).toMatch(/^0\.\d{4} \[0\.\d{4}, 0\.\d{4}\]$/);
    expect(md).toContain(ap);
    expect(html).toContain(ap);
    const hostile: ModelCard = { ...card, title: "<script>x</script>", sections: [{ id: "x", title: "a|b", blocks: [{ kind: "table", caption: "c", columns: ["a|b"], rows: [["<b>"]] }] }] };
    expect(renderCardHtml(hostile)).not.toContain("<script>");
    expect(renderCardHtml(hostile)).toContain("&lt;b&gt;");
    expect(renderCardMarkdown(hostile)).toContain("| a\\|b |");
  });

  it("refuses a version that is not in the registry or not a version name", () => {
    expect(() => loadModelCard(ws, "v_20000101_000000")).toThrow(/no version/);
    expect(() => loadModelCard(ws, "../../etc/passwd")).toThrow(/not a registry version/);
  });
});
