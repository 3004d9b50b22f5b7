import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { RunQueue, type Launcher, type RunRecord } from "../../../lib/experiments/queue/run-queue";
import { tempDir } from "../../helpers/feature-frame-csv";
import { fakeLauncher, waitFor } from "../../helpers/run-queue";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fake = fakeLauncher;

describe("RunQueue: the grid run of pushlab serve", () => {
  it("a grid run counts current experiments as done, follows each experiment it finishes, and keeps its stage per encoding", async () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const stages: string[] = [];
    const progress: string[] = [];
    queue.on("change", (r: RunRecord) => {
      if (r.kind !== "grid") return;
      if (stages.at(-1) !== r.stage) stages.push(r.stage);
      if (r.progress && progress.at(-1) !== `${r.progress.done}/${r.progress.total}`) progress.push(`${r.progress.done}/${r.progress.total}`);
    });
    const events = [
      { type: "stage", stage: "loading data" },
      { type: "plan", total: 5, current: 2, toRun: 3 },
      { type: "done", id: "baseline", index: 1, total: 3 },
      { type: "features", encoding: "onehot", experiments: 2 },
      { type: "progress", id: "a", iteration: 1, loss: 0.6 },
      { type: "stage", id: "a", stage: "evaluating" },
      { type: "progress", id: "b", iteration: 4, loss: 0.5 },
      { type: "done", id: "a", index: 2, total: 3 },
      // The next group's matrix was built during these fits: it goes straight to fitting.
      { type: "features", encoding: "none", experiments: 1, built: true },
      { type: "progress", id: "c", iteration: 1, loss: 0.6 },
      { type: "done", id: "b", index: 3, total: 3 },
    ];
    const run = queue.submit("grid", "grid", [events.map((e) => JSON.stringify(e)).join("\n") + "\n", "0"], "serve");
    await waitFor(queue, () => queue.get(run.runId)!.status === "done");
    expect(progress).toEqual(["2/5", "3/5", "4/5", "5/5"]);
    expect(stages).toEqual(["queued", "starting", "loading data", "building features (onehot)", "fitting and evaluating (onehot)", "fitting and evaluating (none)", "done"]);
    // Two experiments fit at once in a grid: no single iteration count is shown for it.
    expect(queue.get(run.runId)!.iteration).toBeNull();
    expect(JSON.parse(fs.readFileSync(`${dir}/${run.runId}.json`, "utf8")).progress).toEqual({ done: 5, total: 5 });
  });

  it("a grid run with a failed experiment ends failed and says how many failed", async () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const events = [
      { type: "plan", total: 2, current: 0, toRun: 2 },
      { type: "failed", id: "a", message: "did not converge", index: 1, total: 2 },
      { type: "done", id: "b", index: 2, total: 2 },
    ];
    const run = queue.submit("grid", "grid", [events.map((e) => JSON.stringify(e)).join("\n") + "\n", "1"], "serve");
    await waitFor(queue, () => queue.get(run.runId)!.status !== "running");
    expect(queue.get(run.runId)).toMatchObject({ status: "failed", progress: { done: 2, total: 2 } });
    expect(queue.get(run.runId)!.error).toMatch(/^1 experiment\(s\) failed; boom$/);
  });
});
