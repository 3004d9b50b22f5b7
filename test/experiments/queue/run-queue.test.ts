import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { RunQueue, type Launcher, type RunRecord } from "../../../lib/experiments/queue/run-queue";
import { tempDir } from "../../helpers/feature-frame-csv";
import { fakeLauncher, waitFor } from "../../helpers/run-queue";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fake = fakeLauncher;

describe("RunQueue", () => {
  it("runs one at a time in submission order and reports progress then done", async () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const seen: string[] = [];
    queue.on("change", (r: RunRecord) => seen.push(`${r.key}:${r.status}:${r.stage}`));
    const progress = `${JSON.stringify({ type: "stage", stage: "loading data" })}\n${JSON.stringify({ type: "progress", iteration: 3, loss: 0.5 })}\n`;
    const a = queue.submit("experiment", "a", [progress, "0", "50"], "t");
    const b = queue.submit("experiment", "b", [progress, "0", "10"], "t");
    expect(queue.get(a.runId)!.status).toBe("running");
    expect(queue.get(b.runId)!.status).toBe("queued");
    await waitFor(queue, () => queue.get(b.runId)!.status === "done");
    expect(queue.get(a.runId)!.status).toBe("done");
    const order = seen.filter((s) => s.endsWith(":running:starting")).map((s) => s.split(":")[0]);
    expect(order).toEqual(["a", "b"]);
    expect(seen).toContain("a:running:fitting");
    expect(queue.get(a.runId)!.iteration).toBe(3);
  });

  it("allows one run per id at a time: a second submission returns the queued or running one", () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const first = queue.submit("experiment", "same", ["", "0", "200"], "t");
    const second = queue.submit("experiment", "same", ["", "0", "200"], "t");
    expect(second.runId).toBe(first.runId);
    expect(queue.list().filter((r) => r.key === "same")).toHaveLength(1);
  });

  it("marks a failed run with its error and goes on", async () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const bad = queue.submit("experiment", "bad", [`${JSON.stringify({ type: "failed", message: "C must be > 0" })}\n`, "1"], "t");
    const good = queue.submit("experiment", "good", ["", "0"], "t");
    await waitFor(queue, () => queue.get(good.runId)!.status === "done");
    expect(queue.get(bad.runId)).toMatchObject({ status: "failed", error: "C must be > 0" });
  });

  it("a restarted queue marks runs left running or queued as interrupted, never done", () => {
    const dir = tempDir("pushlab-queue-");
    dirs.push(dir);
    const queue = new RunQueue(dir, fake);
    const running = queue.submit("experiment", "long", ["", "0", "3000"], "t");
    const queued = queue.submit("experiment", "next", ["", "0"], "t");
    const restarted = new RunQueue(dir, fake);
    expect(restarted.get(running.runId)!.status).toBe("interrupted");
    expect(restarted.get(queued.runId)!.status).toBe("interrupted");
    expect(JSON.parse(fs.readFileSync(`${dir}/${running.runId}.json`, "utf8")).status).toBe("interrupted");
  });
});
