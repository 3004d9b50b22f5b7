import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { RunQueue, type Launcher } from "../../../lib/experiments/queue/run-queue";
import { activeGridRun, describeStage, GRID_ARGS, latestGridRun, startGridRun } from "../../../lib/experiments/queue/serve-grid";
import { tempDir } from "../../helpers/feature-frame-csv";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fake `pushlab run --json-events`: prints each event after a pause, so stages have a duration. */
function fakeGrid(events: object[], pauseMs: number, seenArgs: string[][]): Launcher {
  return (args) => {
    seenArgs.push(args);
    const script = `const ev = ${JSON.stringify(events)}; let i = 0; const next = () => { if (i === ev.length) process.exit(0); process.stdout.write(JSON.stringify(ev[i++]) + "\\n"); setTimeout(next, ${pauseMs}); }; next();`;
    return spawn(process.execPath, ["-e", script]);
  };
}

describe("the grid run of pushlab serve", () => {
  it("runs `pushlab run` over every definition with the summary, logs one line per stage with its duration, and is no longer active once done", async () => {
    const dir = tempDir("pushlab-grid-");
    dirs.push(dir);
    const args: string[][] = [];
    const queue = new RunQueue(
      dir,
      fakeGrid(
        [
          { type: "stage", stage: "generating data" },
          { type: "stage", stage: "loading data" },
          { type: "plan", total: 3, current: 1, toRun: 2 },
          { type: "features", encoding: "none", experiments: 2 },
          { type: "done", id: "a", index: 1, total: 2 },
          { type: "done", id: "b", index: 2, total: 2 },
        ],
        60,
        args,
      ),
    );
    const lines: string[] = [];
    const record = startGridRun(queue, (line) => lines.push(line));
    expect(activeGridRun(queue)?.runId).toBe(record.runId);
    await new Promise<void>((resolve) => queue.on("change", () => queue.get(record.runId)!.status === "done" && resolve()));
    expect(args).toEqual([GRID_ARGS]);
    expect(GRID_ARGS).toContain("--summary");
    expect(lines.map((l) => l.replace(/\d+\.\d s/, "T s"))).toEqual([
      "pushlab: grid: generating data T s",
      "pushlab: grid: loading data T s (1 of 3 done)",
      "pushlab: grid: building features (none) T s (3 of 3 done)",
      "pushlab: grid: done — 3 of 3 experiments T s",
    ].map((l) => l.replace("experiments T s", "experiments in T s")));
    // The whole run lasted at least the fake run's pauses; the last line says so.
    expect(Number(/in (\d+\.\d) s$/.exec(lines[3])![1])).toBeGreaterThanOrEqual(0.3);
    expect(activeGridRun(queue)).toBeNull();
    expect(latestGridRun(queue)?.status).toBe("done");
  });

  it("describes a stage with its progress when known", () => {
    expect(describeStage("loading data", 5.04, null)).toBe("pushlab: grid: loading data 5.0 s");
    expect(describeStage("fitting and evaluating (onehot)", 12.36, { done: 12, total: 69 })).toBe("pushlab: grid: fitting and evaluating (onehot) 12.4 s (12 of 69 done)");
  });
});
