import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withLock } from "../lib/locking";

let root = "";
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-locking-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withLock", () => {
  it("creates the target folder, holds a .lock inside it while the work runs, and returns the work's value", async () => {
    const target = path.join(root, "registry");
    const value = await withLock(target, () => {
      expect(fs.statSync(path.join(target, ".lock")).isDirectory()).toBe(true);
      return 42;
    });
    expect(value).toBe(42);
    expect(fs.existsSync(path.join(target, ".lock"))).toBe(false);
  });

  it("releases the lock when the work throws, and passes the error on", async () => {
    const target = path.join(root, "failing");
    await expect(withLock(target, async () => { throw new Error("work failed"); })).rejects.toThrow("work failed");
    expect(fs.existsSync(path.join(target, ".lock"))).toBe(false);
    expect(await withLock(target, () => "again")).toBe("again");
  });

  it("serializes writers of one target: their critical sections never overlap", async () => {
    const target = path.join(root, "shared");
    const events: string[] = [];
    const writer = (name: string) =>
      withLock(target, async () => {
        events.push(`${name} in`);
        await sleep(30);
        events.push(`${name} out`);
      });
    await Promise.all([writer("a"), writer("b"), writer("c")]);
    expect(events).toHaveLength(6);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i].endsWith(" in")).toBe(true);
      expect(events[i + 1]).toBe(events[i].replace(" in", " out"));
    }
  });

  it("lets writers of different targets run at the same time", async () => {
    const events: string[] = [];
    const writer = (name: string) =>
      withLock(path.join(root, `own-${name}`), async () => {
        events.push(`${name} in`);
        await sleep(50);
        events.push(`${name} out`);
      });
    await Promise.all([writer("a"), writer("b")]);
    expect(events.slice(0, 2).sort()).toEqual(["a in", "b in"]);
  });

  it("serializes writers across processes: a second process waits for the first to release", async () => {
    const target = path.join(root, "across");
    const log = path.join(root, "across.log");
    // The child takes the lock, says so, holds it for 400 ms, then logs its release.
    const script = `
      import fs from "node:fs";
      import { withLock } from ${JSON.stringify(path.resolve("lib/locking.ts"))};
      await withLock(${JSON.stringify(target)}, async () => {
        fs.appendFileSync(${JSON.stringify(log)}, "child in\\n");
        await new Promise((r) => setTimeout(r, 400));
        fs.appendFileSync(${JSON.stringify(log)}, "child out\\n");
      });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "inherit" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    while (!(fs.existsSync(log) && fs.readFileSync(log, "utf8").includes("child in"))) await sleep(20);
    await withLock(target, () => fs.appendFileSync(log, "parent in\n"));
    expect(await exited).toBe(0);
    expect(fs.readFileSync(log, "utf8")).toBe("child in\nchild out\nparent in\n");
  });

  it("takes over a lock left by a dead holder once it is stale (not refreshed for 4 s)", async () => {
    const target = path.join(root, "abandoned");
    fs.mkdirSync(path.join(target, ".lock"), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(target, ".lock"), old, old);
    expect(await withLock(target, () => "taken over")).toBe("taken over");
  });
});
