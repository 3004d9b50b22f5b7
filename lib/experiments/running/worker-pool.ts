import os from "node:os";
import type { Worker } from "node:worker_threads";
import { runPoolTask, type FitJob, type FitJobResult, type FitProgress, type PoolTask, type PoolTaskResult } from "./fit-job";
import { startTypeScriptWorker } from "../../worker-thread";

export interface RunPlacement {
  /** Queue ahead of every task waiting without it, behind those waiting with it (default: behind all). */
  first?: boolean;
}

/**
 * Runs experiments' stages (fits, evaluations) on worker threads (one per core by default). Workers load the TypeScript worker module
 * through tsx's loader (lib/worker-thread.ts), the same way the CLI runs. With `size: 0` jobs run in-process (tests, tiny data).
 */
export class FitPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: PoolTask; onProgress?: FitProgress; resolve: (r: unknown) => void; reject: (e: Error) => void }[] = [];
  /** How many tasks at the head of the queue were placed `first`. */
  private firstQueued = 0;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; onProgress?: FitProgress }>();
  private readonly assigned = new Map<Worker, number>();
  private closing = false;
  private readonly inProcess: boolean;
  private nextId = 0;

  constructor(size = Math.max(1, Math.min(os.availableParallelism(), 8))) {
    this.inProcess = size === 0;
    for (let i = 0; i < size; i++) {
      const worker = startTypeScriptWorker(new URL("./fit-worker.ts", import.meta.url));
      worker.on("message", (message: { jobId: number; type: string; result?: unknown; message?: string; iteration?: number; loss?: number }) => {
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
      worker.on("error", (error) => this.retire(worker, error));
      worker.on("exit", (code) => {
        if (code !== 0) this.retire(worker, new Error(`fit worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs one stage (PoolTask), or a whole FitJob (both stages on a job holding both matrices).
   * `first` queues it ahead of the waiting tasks: the runner's warm-start chains continue on the next
   * free worker instead of waiting behind the other chains' work, so a chain is not left to run
   * alone at a group's end.
   */
  run(job: FitJob, onProgress?: FitProgress, options?: RunPlacement): Promise<FitJobResult>;
  run<T extends PoolTask>(task: T, onProgress?: FitProgress, options?: RunPlacement): Promise<PoolTaskResult<T>>;
  run(input: PoolTask | FitJob, onProgress?: FitProgress, { first = false }: RunPlacement = {}): Promise<unknown> {
    const task: PoolTask = "kind" in input ? input : { kind: "both", job: input };
    if (this.inProcess) {
      try {
        return Promise.resolve(runPoolTask(task, onProgress));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      if (first) this.queue.splice(this.firstQueued++, 0, { task, onProgress, resolve, reject });
      else this.queue.push({ task, onProgress, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      if (this.firstQueued > 0) this.firstQueued--;
      const jobId = this.nextId++;
      this.pending.set(jobId, task);
      this.assigned.set(worker, jobId);
      worker.postMessage({ jobId, task: task.task });
    }
  }

  /** A worker that died fails its own job; when none is left, queued jobs fail instead of hanging. */
  private retire(worker: Worker, error: Error): void {
    if (this.closing || !this.workers.includes(worker)) return;
    this.workers.splice(this.workers.indexOf(worker), 1);
    if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1);
    const jobId = this.assigned.get(worker);
    if (jobId !== undefined && this.pending.has(jobId)) {
      this.pending.get(jobId)!.reject(error);
      this.pending.delete(jobId);
    }
    if (this.workers.length === 0) {
      this.firstQueued = 0;
      for (const task of this.queue.splice(0)) task.reject(error);
    }
    this.drain();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
