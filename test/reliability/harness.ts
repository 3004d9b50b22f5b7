/**
 * Shared pieces of the reliability suite (issue 8): the real CLI as a child process, a seeded random
 * generator, a small workspace with an active registry model, and snapshots of folders so a test can
 * prove that a failed command wrote or changed nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { selectModel } from "../../lib/registry/registry";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import type { PreparedData } from "../../lib/data/dataset";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const CLI = path.join(PROJECT_ROOT, "bin", "pushlab.mjs");

/** Every random choice of the suite comes from this seeded generator, so runs are reproducible. */
export { mulberry32 as seededRandom } from "../helpers/random";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time the child used (user + system, clock ticks of /proc/PID/stat), as last sampled; null where /proc is missing. */
  cpuTicks: number | null;
}

/** User + system CPU time of a running process in clock ticks (Linux /proc), or null. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export const HAS_PROC = cpuTicks(process.pid) !== null;

/** The environment of a CLI child: the test's PUSHLAB_* variables never leak in from the parent. */
export function cliEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("PUSHLAB_")) delete env[key];
  delete env.NODE_OPTIONS; // vitest's loader hooks are not the CLI's
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) env[key] = value;
  return env;
}

/**
 * Spawns `node bin/pushlab.mjs ...args`. `killAfterMs` sends SIGKILL after that wall-clock delay;
 * `killAtCpuTicks` once the child has used that much CPU time (then `killJitterMs` later), a clock
 * that, unlike the wall clock, does not stretch when other processes load the machine (the child's
 * CPU time is sampled every 4 ms).
 */
export function runCli(
  args: string[],
  vars: Record<string, string | undefined>,
  options: { killAfterMs?: number; killAtCpuTicks?: number; killJitterMs?: number; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env: cliEnv(vars), stdio: ["ignore", "pipe", "pipe"] });
    options.onSpawn?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    const timer = options.killAfterMs !== undefined ? setTimeout(() => child.kill("SIGKILL"), options.killAfterMs) : null;
    let ticks: number | null = null;
    let aimed = false;
    const sampler = setInterval(() => {
      const now = child.exitCode === null && child.signalCode === null ? cpuTicks(child.pid!) : null;
      if (now === null) return;
      ticks = now;
      if (options.killAtCpuTicks !== undefined && now >= options.killAtCpuTicks && !aimed) {
        aimed = true;
        // A wall-clock jitter after the CPU target, so kills also land inside I/O waits (write, fsync, rename), which use no CPU.
        setTimeout(() => child.kill("SIGKILL"), options.killJitterMs ?? 0);
      }
    }, 4);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      clearInterval(sampler);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ms: performance.now() - started, cpuTicks: ticks });
    });
  });
}

/** Runs async jobs with at most `limit` at a time, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Every entry under `dir` (relative path → sha256 of a file, "dir" for a folder, "-> target" for a
 * symlink), sorted; {} when the folder does not exist. Lock folders of proper-lockfile are skipped:
 * a reader never takes them.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(current).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(current, name);
      const rel = path.relative(dir, full);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[rel] = "dir";
        walk(full);
      } else out[rel] = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex").slice(0, 16);
    }
  };
  walk(dir);
  return out;
}

/** What changed between two snapshots, as readable lines (empty when nothing did). */
export function snapshotDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(key in after)) lines.push(`removed ${key}`);
    else if (!(key in before)) lines.push(`added ${key}`);
    else if (before[key] !== after[key]) lines.push(`changed ${key}`);
  }
  return lines.sort();
}

export const RUN_ONLY = "lr-none-l2-C1e-2";
export const SPECS: ExperimentSpec[] = [
  makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
];

export interface ModelWorkspace {
  ws: Workspace;
  data: PreparedData;
  dataFile: string;
  /** The PUSHLAB_* variables that point a CLI child at this workspace. */
  vars: Record<string, string>;
  versions: string[];
}

/**
 * A workspace on a small generated file (40 orders) with both SPECS run in-process and `selections`
 * registry versions (alternating the two experiments), the last one active.
 */
export async function makeModelWorkspace(root: string, seed: number, selections = 1): Promise<ModelWorkspace> {
  fs.mkdirSync(root, { recursive: true });
  const dataFile = path.join(root, "frame.csv");
  fs.writeFileSync(dataFile, generateFeatureFrameCsv({ orders: 40, seed }));
  const vars = { PUSHLAB_HOME: path.join(root, "home"), PUSHLAB_DATA: dataFile };
  const ws = resolveWorkspace(cliEnv(vars));
  const data = await loadWorkspaceData(ws);
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: SPECS, workers: 0 });
  const versions: string[] = [];
  for (let k = 0; k < selections; k++) {
    const entry = await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: SPECS[k % SPECS.length].id, actor: "test:setup" });
    versions.push(entry.version);
  }
  return { ws, data, dataFile, vars, versions };
}

/** A stack trace line as Node prints them. */
export const STACK_LINE = /^\s+at .+[(:]\d+/m;
