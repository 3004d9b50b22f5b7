/**
 * Issue 8, part 2: crash consistency under random kills. `select`, `registry activate`, `run` and
 * `predict` are spawned through the real CLI and SIGKILLed after a delay drawn from a seeded
 * generator, spread (stratified) over the part of the command's measured duration where it works,
 * i.e. after the CLI has loaded. Delays are measured on the child's CPU clock where Linux exposes it
 * (see `clock`), so a machine busy with other work does not push every kill into the start-up.
 * After every kill the workspace must be consistent:
 * - registry.json parses, its active version loads and scores, every version it names is complete;
 * - every stored result (*.json in results/) parses and is returned by readAllResults, and every
 *   validation-scores file has the full length: nothing is half-written;
 * - the predictions output exists only when complete (full line count);
 * - no visible temp or partial file: the only leftovers allowed are the dot-prefixed ones that the
 *   next writer removes (registry/.tmp-* and .active-* by the next select/activate, registry/.lock
 *   by the next lock holder once stale, .NAME.PID.HEX.tmp of an atomic write by the next write into
 *   its folder, out/.NAME.PID.HEX.tmp by the next predict), and that is checked at the end by one
 *   more un-killed select, run and predict.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { readAllResults } from "../../lib/experiments/results/results-store";
import { readRegistryIndex } from "../../lib/registry/index-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { loadModel, readVersionMetadata } from "../../lib/registry/registry";
import { tempDir } from "../helpers/feature-frame-csv";
import { HAS_PROC, makeModelWorkspace, RUN_ONLY, runCli, seededRandom, SPECS, type CliResult, type ModelWorkspace } from "./harness";

const SEED = 20260308;
const TRIALS_PER_COMMAND = 5; // 4 commands → 20 kills
const root = tempDir("pushlab-kill-");
let mw: ModelWorkspace;
let out: string;
let inputLines: number;
const random = seededRandom(SEED);

type Name = "select" | "registry activate" | "run" | "predict";

function argsFor(name: Name, trial: number): string[] {
  switch (name) {
    case "select":
      return ["select", SPECS[trial % 2].id, "--note", `kill trial ${trial}`];
    case "registry activate": {
      // Always a version that is not active, so every activation rewrites the index.
      const index = readRegistryIndex(mw.ws.registryDir);
      const other = index.versions.map((v) => v.version).filter((v) => v !== index.active);
      return ["registry", "activate", other[trial % other.length], "--reason", `kill trial ${trial}`];
    }
    case "run":
      return ["run", "--only", RUN_ONLY, "--workers", "0", "--force"];
    case "predict":
      return ["predict", mw.dataFile, "--out", out];
  }
}

/** Leftovers a reader never takes for data and the next writer removes. */
const ALLOWED_TEMPS: [string, RegExp][] = [
  ["registry", /^\.tmp-v_\d{8}_\d{6}(_\d+)?-[0-9a-f]{8}$/],
  ["registry", /^\.active-\d+-[0-9a-f]{8}$/],
  ["registry", /^\.lock$/],
  ["registry", /^\.registry\.json\.\d+\.[0-9a-f]{8}\.tmp$/],
  ["results", /^\.[A-Za-z0-9_][A-Za-z0-9._-]*\.(json|scores\.f64|bin)\.\d+\.[0-9a-f]{8}\.tmp$/],
  ["cache", /^\.frame-[0-9a-f]{20}\.(arrow|summary\.json|source\.json)\.\d+\.[0-9a-f]{8}\.tmp$/],
  ["out", /^\.predictions\.(csv|scoring-report\.json)\.\d+\.[0-9a-f]{8}\.tmp$/],
];
/** What may be in each folder at rest. */
const EXPECTED: [string, RegExp][] = [
  ["registry", /^(registry\.json|history\.jsonl|test-looks\.jsonl|active|v_\d{8}_\d{6}(_\d+)?)$/],
  ["results", /^([A-Za-z0-9][A-Za-z0-9._-]*\.(json|scores\.f64)|validation-[0-9a-f]+\.bin|_operating-thresholds\.json)$/],
  ["cache", /^frame-[0-9a-f]{20}\.(arrow|summary\.json|source\.json)$/],
  ["out", /^predictions\.(csv|scoring-report\.json)$/],
];

function folders(): Record<string, string> {
  return { registry: mw.ws.registryDir, results: mw.ws.resultsDir, cache: mw.ws.cacheDir, out: path.dirname(out) };
}

/** Names in the workspace that are neither expected files nor allowed temps, and the allowed temps present. */
function leftovers(): { unexpected: string[]; allowed: string[] } {
  const unexpected: string[] = [];
  const allowed: string[] = [];
  for (const [key, dir] of Object.entries(folders())) {
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    for (const name of names) {
      if (ALLOWED_TEMPS.some(([k, re]) => k === key && re.test(name))) allowed.push(`${key}/${name}`);
      else if (EXPECTED.some(([k, re]) => k === key && re.test(name))) continue;
      else unexpected.push(`${key}/${name}`);
    }
  }
  return { unexpected, allowed };
}

/** Every invariant of the module comment; throws with a readable message on the first broken one. */
function expectConsistent(context: string): void {
  // Registry: the index parses, the active version loads and scores, every named version is complete.
  const index = readRegistryIndex(mw.ws.registryDir);
  expect(index.active, context).not.toBeNull();
  const model = loadModel(mw.ws.registryDir);
  expect(model.version, context).toBe(index.active);
  const scores = scoreFrame(model, mw.data.frame, mw.data.split.rows.test.subarray(0, 200));
  expect(scores.every((p) => p > 0 && p < 1), context).toBe(true);
  for (const v of index.versions) {
    expect(loadModel(mw.ws.registryDir, v.version).version, context).toBe(v.version);
    expect(readVersionMetadata(mw.ws.registryDir, v.version).version, context).toBe(v.version);
  }
  const history = fs.readFileSync(path.join(mw.ws.registryDir, "history.jsonl"), "utf8");
  for (const line of history.split("\n").filter(Boolean)) expect(() => JSON.parse(line), `${context}: history line ${line}`).not.toThrow();

  // Results: every *.json parses; every result is returned; every scores file is complete.
  const names = fs.readdirSync(mw.ws.resultsDir);
  const jsonFiles = names.filter((n) => n.endsWith(".json"));
  for (const name of jsonFiles) expect(() => JSON.parse(fs.readFileSync(path.join(mw.ws.resultsDir, name), "utf8")), `${context}: ${name}`).not.toThrow();
  const results = readAllResults(mw.ws.resultsDir);
  expect(results.map((r) => `${r.id}.json`).sort(), context).toEqual(jsonFiles.filter((n) => !n.startsWith("_")).sort());
  for (const r of results) {
    const file = path.join(mw.ws.resultsDir, `${r.id}.scores.f64`);
    if (fs.existsSync(file)) expect(fs.statSync(file).size, `${context}: ${r.id}.scores.f64`).toBe(r.data.validationRows * 8);
  }

  // Predictions: complete or absent.
  if (fs.existsSync(out)) expect(fs.readFileSync(out, "utf8").trimEnd().split("\n").length, context).toBe(inputLines);

  // No visible temp or partial file.
  expect(leftovers().unexpected, context).toEqual([]);
}

interface Trial {
  command: Name;
  trial: number;
  /** Where the kill was aimed, in the unit of `clock`. */
  at: number;
  killed: boolean;
  result: CliResult;
  allowedTemps: string[];
}
const trials: Trial[] = [];
/**
 * The kill clock: the child's own CPU time where Linux exposes it (a machine loaded by other work
 * stretches wall-clock durations several-fold, which would aim the kills at the wrong phase), the wall
 * clock otherwise.
 */
const clock: "cpu ticks" | "ms" = HAS_PROC ? "cpu ticks" : "ms";
const spent = (r: CliResult) => (clock === "ms" ? r.ms : r.cpuTicks ?? 0);
const durations: Partial<Record<Name | "startup", number>> = {};

beforeAll(async () => {
  mw = await makeModelWorkspace(path.join(root, "ws"), 13, 2);
  out = path.join(root, "out", "predictions.csv");
  inputLines = fs.readFileSync(mw.dataFile, "utf8").trimEnd().split("\n").length;
  // What starting the CLI costs (loading its modules) and what each command costs in full, un-killed.
  durations.startup = spent(await runCli(["--help"], mw.vars));
  for (const name of ["select", "registry activate", "run", "predict"] as Name[]) {
    const result = await runCli(argsFor(name, 0), mw.vars);
    expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    durations[name] = spent(result);
  }
  expectConsistent("after the un-killed runs");
}, 300_000);

afterAll(() => {
  const killed = trials.filter((t) => t.killed);
  const per = (["select", "registry activate", "run", "predict"] as Name[]).map((n) => `${n} ${killed.filter((t) => t.command === n).length}/${trials.filter((t) => t.command === n).length}`);
  console.log(
    `random kills (seed ${SEED}, clock: ${clock}): ${killed.length} of ${trials.length} trials killed mid-run and survived (${per.join(", ")}); ` +
      `un-killed costs: ${Object.entries(durations).map(([k, v]) => `${k} ${v!.toFixed(0)}`).join(", ")}; ` +
      `kill points: ${trials.map((t) => `${t.command[0]}${t.at.toFixed(0)}${t.killed ? "" : "(finished)"}`).join(" ")}; ` +
      `dot-prefixed temps seen after kills: ${[...new Set(trials.flatMap((t) => t.allowedTemps.map((n) => n.replace(/\.\d+\.[0-9a-f]{8}\.tmp$/, ".PID.HEX.tmp").replace(/-[0-9a-f]{8}$/, "-HEX"))))].join(", ") || "none"}`,
  );
  fs.rmSync(root, { recursive: true, force: true });
});

describe("random SIGKILLs leave a consistent workspace", () => {
  for (const name of ["select", "registry activate", "run", "predict"] as Name[]) {
    it(`pushlab ${name}: ${TRIALS_PER_COMMAND} kills at seeded points of its run`, async () => {
      // The window where the command works: after the CLI has loaded, before it is done.
      let end = durations[name]! * 0.97;
      const start = durations.startup! * 0.85 < end * 0.9 ? durations.startup! * 0.85 : end * 0.6;
      for (let trial = 0; trial < TRIALS_PER_COMMAND; trial++) {
        // Stratified: trial k lands in the k-th slice of [start, end], at a seeded point within it.
        const at = start + ((end - start) * (trial + random())) / TRIALS_PER_COMMAND;
        const jitterMs = random() * 40;
        const result = await runCli(argsFor(name, trial + 1), mw.vars, clock === "ms" ? { killAfterMs: at } : { killAtCpuTicks: Math.round(at), killJitterMs: jitterMs });
        const killed = result.signal === "SIGKILL";
        if (!killed) {
          expect(result.code, `${name} finished before the kill but failed: ${result.stderr}`).toBe(0);
          end = Math.max(start + 1, Math.min(end, spent(result) * 0.97)); // it ran cheaper than measured: aim the next kills earlier
        }
        trials.push({ command: name, trial, at, killed, result, allowedTemps: leftovers().allowed });
        expectConsistent(`${name}, trial ${trial}, kill aimed at ${at.toFixed(0)} ${clock}: ${killed ? "killed" : "finished first"}`);
      }
    }, 240_000);
  }

  it("the next writers remove every dot-prefixed temp file and the stale lock", async () => {
    // Whatever the kills left, plus what a predict killed mid-write leaves (its pid is gone), and the
    // temp file of a predict that is still writing (this process: alive), which must be kept.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const dead = path.join(path.dirname(out), `.predictions.csv.${gone}.0badf00d.tmp`);
    const live = path.join(path.dirname(out), `.predictions.csv.${process.pid}.0a11fe00.tmp`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(dead, "half a file");
    fs.writeFileSync(live, "being written");
    fs.mkdirSync(path.join(mw.ws.registryDir, `.tmp-v_20200101_000000-0badf00d`));
    // An atomic write's temp of a killed writer in results/, and one of a live writer in registry/.
    const deadResult = path.join(mw.ws.resultsDir, `.${SPECS[0].id}.json.${gone}.0badf00d.tmp`);
    const liveIndex = path.join(mw.ws.registryDir, `.registry.json.${process.pid}.0a11fe00.tmp`);
    fs.writeFileSync(deadResult, "{ half");
    fs.writeFileSync(liveIndex, "{ being written");
    for (const args of [["select", SPECS[0].id, "--note", "after the kills"], argsFor("run", 99), ["predict", mw.dataFile, "--out", out]]) {
      const result = await runCli(args, mw.vars);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(deadResult)).toBe(false);
    expect(fs.existsSync(liveIndex)).toBe(true);
    fs.rmSync(live);
    fs.rmSync(liveIndex);
    const { unexpected, allowed } = leftovers();
    expect({ unexpected, allowed }).toEqual({ unexpected: [], allowed: [] });
    expectConsistent("after the clean-up runs");
  }, 120_000);
});
