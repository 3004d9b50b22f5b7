import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { readDatasetSummary } from "../../lib/data/workspace-data";
import { definitionDirs, loadExperimentSpecs } from "../../lib/experiments/definitions/definitions-store";
import { hasPendingWork, pendingGridWork } from "../../lib/experiments/queue/grid-pending";
import { readResult, readScores } from "../../lib/experiments/results/results-store";
import { resolveWorkspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { PROJECT_ROOT, runCli } from "../reliability/harness";

const home = tempDir("pushlab-grid-run-");
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("the grid run `pushlab serve` queues (pushlab run --json-events --summary)", () => {
  it("generates, loads and summarizes the data, reports every experiment against the whole plan, and leaves nothing pending", async () => {
    const vars = { PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "60", PUSHLAB_SYNTHETIC_SEED: "5" };
    const ws = resolveWorkspace({ ...process.env, ...vars });
    const specs = loadExperimentSpecs(definitionDirs(PROJECT_ROOT, ws.home)).filter((s) => s.id.startsWith("lr-none-l2-") || s.kind === "baseline");
    const before = pendingGridWork(ws, specs);
    expect(before).toEqual({ data: true, summary: true, experiments: specs.map((s) => s.id) });
    expect(readDatasetSummary(ws)).toBeNull();

    const result = await runCli(["run", "--json-events", "--summary", "--only", "lr-none-l2-*"], vars);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const stages = events.filter((e) => e.type === "stage" && !e.id).map((e) => e.stage);
    expect(stages).toEqual(["generating data", "loading data", "summarizing data"]);
    const l2 = specs.filter((s) => s.kind === "logreg");
    expect(events.find((e) => e.type === "plan")).toEqual({ type: "plan", total: l2.length, current: 0, toRun: l2.length });
    expect(events.filter((e) => e.type === "done").map((e) => e.index)).toEqual(l2.map((_, k) => k + 1));
    expect(readDatasetSummary(ws)?.rows).toBeGreaterThan(0);

    const after = pendingGridWork(ws, specs);
    expect(after).toEqual({ data: false, summary: false, experiments: ["baseline-global_popularity", "baseline-ordered_before_then_popularity"] });
    expect(hasPendingWork(after)).toBe(true);
    expect(hasPendingWork(pendingGridWork(ws, l2))).toBe(false);
    expect(fs.existsSync(path.join(ws.dataFile))).toBe(true);
  }, 240_000);

  it("continues each L2 fit from its neighbour along C, and fits every one from zeros with --no-warm-start", async () => {
    const vars = { PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "60", PUSHLAB_SYNTHETIC_SEED: "5" };
    const ws = resolveWorkspace({ ...process.env, ...vars });
    const ids = ["lr-none-l2-C1e-8-unweighted", "lr-none-l2-C1e-6-unweighted", "lr-none-l2-C1e-4-unweighted"];
    // written by the run above, with warm starts (the default)
    expect(ids.map((id) => readResult(ws.resultsDir, id)?.fit?.warmStartFrom)).toEqual([null, ids[0], ids[1]]);
    const result = await runCli(["run", "--force", "--no-warm-start", "--only", "lr-none-l2-*"], vars);
    expect(result.code, result.stderr).toBe(0);
    expect(ids.map((id) => readResult(ws.resultsDir, id)?.fit?.warmStartFrom)).toEqual([null, null, null]);
  }, 240_000);

  it("gives the same results with --overlap (evaluations beside the fits, both matrices held)", async () => {
    const vars = { PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "60", PUSHLAB_SYNTHETIC_SEED: "5" };
    const ws = resolveWorkspace({ ...process.env, ...vars });
    const ids = ["lr-none-l2-C1e-8-unweighted", "lr-none-l2-C1e-6-unweighted", "lr-none-l2-C1e-4-unweighted"];
    const staged = await runCli(["run", "--force", "--only", "lr-none-l2-*"], vars);
    expect(staged.code, staged.stderr).toBe(0);
    const before = ids.map((id) => readResult(ws.resultsDir, id)!);
    const scoresBefore = ids.map((id) => readScores(ws.resultsDir, id));
    const overlapped = await runCli(["run", "--force", "--overlap", "--only", "lr-none-l2-*"], vars);
    expect(overlapped.code, overlapped.stderr).toBe(0);
    ids.forEach((id, k) => {
      const after = readResult(ws.resultsDir, id)!;
      expect(after.model).toEqual(before[k].model);
      expect(after.validation).toEqual(before[k].validation);
      // The intervals are resampled from these scores where shown (result-intervals.ts).
      expect(readScores(ws.resultsDir, id)).toEqual(scoresBefore[k]);
    });
  }, 240_000);
});
