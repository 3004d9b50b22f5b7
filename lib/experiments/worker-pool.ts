import os from "node:os";
import { Worker } from "node:worker_threads";
import { runFitJob, type FitJob, type FitJobResult, type FitProgress } from "./fit-job";

/**
 * Runs fit jobs on worker threads (one per core by default). Workers load the TypeScript worker module
 * through tsx's loader, the same way the CLI runs. With `size: 0` jobs run in-process (tests, tiny data).
 */
export class FitPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: FitJob; onProgress?: FitProgress; resolve: (r: FitJobResult) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: FitJobResult) => void; reject: (e: Error) => void; onProgress?: FitProgress }>();
  private nextId = 0;

  constructor(size = Math.max(1, Math.min(os.availableParallelism(), 8))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./fit-worker.ts", import.meta.url), {
        execArgv: ["--import", import.meta.resolve("tsx")],
      });
      worker.on("message", (message: { jobId: number; type: string; result?: FitJobResult; message?: string; iteration?: number; loss?: number }) => {
        const entry = this.pending.get(message.jobId);
        if (!entry) return;
        if (message.type === "progress") {
          entry.onProgress?.(message.iteration!, message.loss!);
          return;
        }
        this.pending.delete(message.jobId);
        if (message.type === "done") entry.resolve(message.result!);
        else entry.reject(new Error(message.message));
        this.idle.push(worker);
        this.drain();
      });
      worker.on("error", (error) => {
        for (const [id, entry] of this.pending) {
          entry.reject(error);
          this.pending.delete(id);
        }
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: FitJob, onProgress?: FitProgress): Promise<FitJobResult> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(runFitJob(job, onProgress));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, onProgress, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      const jobId = this.nextId++;
      this.pending.set(jobId, task);
      worker.postMessage({ jobId, job: task.job });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
