import { EventEmitter } from "node:events";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { parseRunEvent } from "./run-events";

/**
 * The queue of runs asked for from the browser (new experiments, regularization paths). One run at a
 * time executes in a child process (`pushlab run --id … --json-events` or `pushlab path …`), off the
 * request path, so closing a tab never cancels or corrupts it. Each run's state is a JSON file under
 * PUSHLAB_HOME/runs written atomically. Runs left "running" or "queued" by a previous server are
 * marked "interrupted" — never "done" — when the server starts (recoverRuns, called from
 * instrumentation.ts), each saying what happened to it: a queued run was dropped before it started, a
 * running one was cut off. Listeners get a "change" event on every
 * update (the page streams them over server-sent events).
 */

export type RunStatus = "queued" | "running" | "done" | "failed" | "interrupted";

export interface RunRecord {
  runId: string;
  kind: "experiment" | "path" | "grid" | "family";
  /**
   * What the run computes: the experiment id, `path:<encoding>:<penalty>`, `grid` (every definition, run
   * by `pushlab serve`) or `report-family` (the report's simultaneous intervals, started by the page).
   */
  key: string;
  args: string[];
  status: RunStatus;
  stage: string;
  iteration: number | null;
  loss: number | null;
  /** Experiments finished out of all the run covers (a grid run: current ones count as finished); for a family run, bootstrap resamples. */
  progress: { done: number; total: number } | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  by: string;
}

/** Starts the child process for a run; the queue reads its events (run-events.ts) from its stdout. */
export type Launcher = (args: string[]) => {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  on(event: "exit", listener: (code: number | null) => void): void;
};

export class RunQueue extends EventEmitter {
  private readonly runs = new Map<string, RunRecord>();
  private active: string | null = null;

  constructor(
    private readonly dir: string,
    private readonly launch: Launcher,
  ) {
    super();
    for (const record of recoverRuns(dir).records) this.runs.set(record.runId, record);
  }

  list(limit = 30): RunRecord[] {
    return [...this.runs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  get(runId: string): RunRecord | undefined {
    return this.runs.get(runId);
  }

  /** Queues a run unless one for the same key is already queued or running (then that one is returned). */
  submit(kind: RunRecord["kind"], key: string, args: string[], by: string): RunRecord {
    const existing = [...this.runs.values()].find((r) => r.key === key && (r.status === "queued" || r.status === "running"));
    if (existing) return existing;
    const now = new Date().toISOString();
    const record: RunRecord = {
      runId: `run-${now.replace(/[-:.TZ]/g, "").slice(0, 14)}-${crypto.randomBytes(3).toString("hex")}`,
      kind,
      key,
      args,
      status: "queued",
      stage: "queued",
      iteration: null,
      loss: null,
      progress: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      by,
    };
    this.runs.set(record.runId, record);
    this.persist(record);
    this.emit("change", record);
    this.pump();
    return record;
  }

  private persist(record: RunRecord): void {
    writeJsonAtomicSync(path.join(this.dir, `${record.runId}.json`), record);
  }

  private update(record: RunRecord, patch: Partial<RunRecord>, persist = true): void {
    Object.assign(record, patch, { updatedAt: new Date().toISOString() });
    if (persist) this.persist(record);
    this.emit("change", record);
  }

  private pump(): void {
    if (this.active) return;
    const next = [...this.runs.values()].filter((r) => r.status === "queued").sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!next) return;
    this.active = next.runId;
    this.update(next, { status: "running", stage: "starting" });
    let child: ReturnType<Launcher>;
    try {
      child = this.launch(next.args);
    } catch (error) {
      this.finish(next, "failed", (error as Error).message);
      return;
    }
    let buffer = "";
    let lastPersist = 0;
    let failure: string | null = null;
    let current = 0;
    let failures = 0;
    let encoding: string | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = parseRunEvent(line);
        if (!event) continue;
        const now = Date.now();
        if (event.type === "plan") {
          current = event.current;
          this.update(next, { progress: { done: current, total: event.total } });
        } else if (event.type === "replicates") {
          const persist = now - lastPersist > 1000;
          if (persist) lastPersist = now;
          this.update(next, { progress: { done: event.done, total: event.total } }, persist);
        } else if (event.type === "stage") {
          // A grid's per-experiment stages (evaluating) interleave across two workers: its stage stays per encoding.
          if (!(next.kind === "grid" && event.id)) this.update(next, { stage: event.stage });
        } else if (event.type === "features") {
          encoding = event.encoding;
          const doing = event.built ? "fitting and evaluating" : "building features";
          this.update(next, { stage: next.kind === "grid" && encoding ? `${doing} (${encoding})` : doing });
        } else if (event.type === "progress") {
          const persist = now - lastPersist > 500;
          if (persist) lastPersist = now;
          // A grid fits two experiments at once: one iteration count would mix them, so it shows the stage only.
          if (next.kind === "grid") {
            if (!next.stage.startsWith("fitting")) this.update(next, { stage: encoding ? `fitting and evaluating (${encoding})` : "fitting and evaluating" }, persist);
          } else this.update(next, { stage: "fitting", iteration: event.iteration, loss: event.loss }, persist);
        } else if ((event.type === "done" || event.type === "failed") && next.kind === "grid" && next.progress && event.index !== undefined) {
          this.update(next, { progress: { done: current + event.index, total: next.progress.total } });
          if (event.type === "failed") failures++;
        } else if (event.type === "failed") failure = event.message;
      }
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    child.on("exit", (code) => {
      // An event handler of the server: a queue folder removed under it must not take the process down.
      try {
        if (code === 0 && !failure) this.finish(next, "done", null);
        else if (failures > 0) this.finish(next, "failed", `${failures} experiment(s) failed; ${lastLine(stderr) ?? `exit code ${code}`}`);
        else this.finish(next, "failed", failure ?? lastLine(stderr) ?? `exit code ${code}`);
      } catch (error) {
        process.stderr.write(`pushlab: run ${next.runId} ended but its record could not be written: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    });
  }

  private finish(record: RunRecord, status: RunStatus, error: string | null): void {
    this.update(record, { status, stage: status, error });
    this.active = null;
    this.pump();
  }
}

export const DROPPED_STAGE = "dropped: it was queued when the server stopped and never started; submit it again";
export const CUT_OFF_STAGE = "interrupted: the server stopped while it ran; submit it again";

/**
 * Reads every run record of `dir` and marks those a previous server left queued or running as
 * interrupted, with a stage saying which (dropped before it started, or cut off while running).
 * Idempotent; returns every readable record and those it marked.
 */
export function recoverRuns(dir: string): { records: RunRecord[]; marked: RunRecord[] } {
  fs.mkdirSync(dir, { recursive: true });
  const records: RunRecord[] = [];
  const marked: RunRecord[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".json") && !n.startsWith("."))) {
    try {
      const record = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as RunRecord;
      if (record.status === "running" || record.status === "queued") {
        const now = new Date().toISOString();
        Object.assign(record, {
          status: "interrupted",
          stage: record.status === "queued" ? DROPPED_STAGE : CUT_OFF_STAGE,
          error: record.status === "queued" ? "dropped by a server restart before it started" : "interrupted by a server restart",
          updatedAt: now,
        });
        writeJsonAtomicSync(path.join(dir, name), record);
        marked.push(record);
      }
      records.push(record);
    } catch {
      // a torn or foreign file: ignore it
    }
  }
  return { records, marked };
}

function lastLine(text: string): string | null {
  const lines = text.trim().split("\n").filter(Boolean);
  return lines.length ? lines[lines.length - 1].replace(/^pushlab: /, "") : null;
}
