import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EVALUATING, runFitJob } from "../../../lib/experiments/running/fit-job";
import { FitPool } from "../../../lib/experiments/running/worker-pool";
import { tempDir } from "../../helpers/feature-frame-csv";
import { smallFitJob } from "../../helpers/fit-jobs";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const jobs = [1e-3, 0.1, 1, 10, 100].map((C, k) => smallFitJob({ C }, k + 1));

describe("FitPool in-process (size 0)", () => {
  it("runs each job on the calling thread, with the result runFitJob gives", async () => {
    const pool = new FitPool(0);
    expect(pool.size).toBe(0);
    const result = await pool.run(jobs[0]);
    expect(result.coef).toEqual(runFitJob(jobs[0]).coef);
    await pool.close();
  });

  it("a failing job rejects its promise (not a synchronous throw)", async () => {
    const pool = new FitPool(0);
    const running = pool.run(smallFitJob({ C: -1 }));
    await expect(running).rejects.toThrow(/C/);
  });
});

describe("FitPool on worker threads", () => {
  it("gives each job its own result, in the order asked, from more jobs than workers", async () => {
    const pool = new FitPool(2);
    try {
      expect(pool.size).toBe(2);
      const results = await Promise.all(jobs.map((job) => pool.run(job)));
      results.forEach((result, k) => {
        const expected = runFitJob(jobs[k]);
        expect(result.coef, `job ${k}`).toEqual(expected.coef);
        expect(result.intercept).toBe(expected.intercept);
        expect(Array.from(result.scores)).toEqual(Array.from(expected.scores));
      });
    } finally {
      await pool.close();
    }
  });

  it("runs tasks queued `first` ahead of the tasks already waiting, in the order they were queued", async () => {
    const pool = new FitPool(1);
    try {
      const finished: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => finished.push(name));
      const all = [track("running", pool.run(jobs[0])), track("waiting 1", pool.run(jobs[1])), track("waiting 2", pool.run(jobs[2]))];
      all.push(track("first", pool.run(jobs[3], undefined, { first: true })));
      all.push(track("first 2", pool.run(jobs[0], undefined, { first: true })));
      all.push(track("waiting 3", pool.run(jobs[1])));
      await Promise.all(all);
      expect(finished).toEqual(["running", "first", "first 2", "waiting 1", "waiting 2", "waiting 3"]);
    } finally {
      await pool.close();
    }
  });

  it("surfaces a failing job's error on its promise, and keeps running the others", async () => {
    const pool = new FitPool(1);
    try {
      const failing = pool.run(smallFitJob({ C: -1 }));
      const after = pool.run(jobs[1]);
      await expect(failing).rejects.toThrow(runFitJobError(smallFitJob({ C: -1 })));
      expect((await after).coef).toEqual(runFitJob(jobs[1]).coef);
    } finally {
      await pool.close();
    }
  });

  it("forwards progress, ending with the evaluation stage", async () => {
    const pool = new FitPool(1);
    try {
      const seen: number[] = [];
      await pool.run(jobs[2], (iteration) => seen.push(iteration));
      expect(seen[seen.length - 1]).toBe(EVALUATING);
    } finally {
      await pool.close();
    }
  });

  it("shuts down: a process that closes its pool exits on its own (live workers would keep it running)", () => {
    const poolUrl = pathToFileURL(path.join(ROOT, "lib/experiments/running/worker-pool.ts")).href;
    const jobsUrl = pathToFileURL(path.join(ROOT, "test/helpers/fit-jobs.ts")).href;
    // a script file, not --eval: workers inherit the process's flags, and --input-type would break their entry
    const script = `
      const { FitPool } = await import(${JSON.stringify(poolUrl)});
      const { smallFitJob } = await import(${JSON.stringify(jobsUrl)});
      const pool = new FitPool(2);
      const result = await pool.run(smallFitJob());
      await pool.close();
      console.log("closed after a fit with " + result.coef.length + " coefficients");
    `;
    const dir = tempDir("pushlab-worker-pool-");
    try {
      fs.writeFileSync(path.join(dir, "close-pool.mjs"), script);
      const run = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, "close-pool.mjs")], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(run.stderr).toBe("");
      expect(run.signal).toBeNull(); // not killed by the timeout
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe("closed after a fit with 2 coefficients");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function runFitJobError(job: Parameters<typeof runFitJob>[0]): string {
  try {
    runFitJob(job);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the job to fail");
}
