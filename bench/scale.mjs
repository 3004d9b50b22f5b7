#!/usr/bin/env node
/**
 * `npm run bench -- --scale N`: pushlab on a generated feature frame N times the real file's size
 * (`pushlab generate --orders round(3446·N) --seed 42`; 10 → 34,460 orders ≈ 29M rows ≈ 8.1 GB).
 * Every stage is its own process under `/usr/bin/time -v` (wall, CPU, peak RSS):
 *
 *   1. generate the CSV (skipped when the file exists)
 *   2. the 17-configuration run + select (bench/scale-run.ts, per-stage seconds and peak RSS inside)
 *   2b. sklearn: the same 17 configurations in pandas + scikit-learn from the same CSV, cold
 *      (bench/sklearn_grid.py --definition bench/seventeen-configurations.json), side by side with 2
 *   3. `pushlab predict` of the whole file (the output is deleted afterwards)
 *   4. engines: `pushlab validate` (pushlab's parser) vs DuckDB read_csv + filter/split in SQL
 *      (bench/duckdb-csv.ts), and the Parquet copy (DuckDB conversion, then `pushlab validate`)
 *   5. error quality: one bad value in a 2,000-line head of the file, reported by each engine
 *
 * Options: --scale N (default 1), --data-dir DIR (where the big files go; default bench/out),
 * --skip ST1,ST2 (generate|run|sklearn|predict|engines|parquet|errors), --keep (keep the work folder),
 * --run-input csv|parquet (what the run reads; default csv), --default-malloc (run the 17 configurations
 * without the mmap threshold the app's run queue sets, lib/experiments/queue/run-environment.ts).
 * Raw figures: bench/out/scale-N.json; a markdown summary goes to stdout.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseTime, PYTHON, ROOT } from "./stages/util/process.mjs";
import { register } from "tsx/esm/api";

register();
const { withMallocTunables } = await import("../lib/experiments/queue/run-environment.ts");

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const SCALE = Number(opt("scale", 1));
if (!(SCALE > 0)) throw new Error("--scale must be a positive number");
const ORDERS = Math.round(3446 * SCALE);
const DATA_DIR = path.resolve(opt("data-dir", path.join(ROOT, "bench", "out")));
const SKIP = new Set((opt("skip", "") || "").split(",").filter(Boolean));
const csv = path.join(DATA_DIR, `feature_frame_synthetic_${ORDERS}_42.csv`);
const parquet = csv.replace(/\.csv$/, ".parquet");
const home = fs.mkdtempSync(path.join(os.tmpdir(), `pushlab-scale-${ORDERS}-`));
fs.mkdirSync(DATA_DIR, { recursive: true });
const t0 = performance.now();
const say = (m) => process.stderr.write(`[scale ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${m}\n`);

/** The figures of a `/usr/bin/time -v` report as bench/out/scale-N.json records them. */
function scaleTime(file) {
  const t = parseTime(file);
  return { wallSeconds: t.wallSeconds, cpuSeconds: t.userSeconds + t.systemSeconds, peakRssMB: t.maxRssMB === null ? null : Math.round(t.maxRssMB), exit: t.exitStatus ?? 0 };
}

/** Runs a command under /usr/bin/time -v; resolves with its stdout, stderr and the time figures. */
function timed(label, command, args, env = {}) {
  say(`${label}: ${command} ${args.join(" ")}`);
  const timeFile = path.join(home, `time-${label.replace(/\W+/g, "_")}.txt`);
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/time", ["-v", "-o", timeFile, command, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      for (const line of String(d).split("\n")) if (line.startsWith("[scale-run]")) say(line);
    });
    child.on("close", () => {
      const time = scaleTime(timeFile);
      say(`${label}: ${time.wallSeconds} s wall, ${time.cpuSeconds.toFixed(1)} s CPU, peak RSS ${time.peakRssMB} MB, exit ${time.exit}`);
      resolve({ stdout, stderr: stderr.slice(-4000), time });
    });
  });
}
const tsx = (script, args) => ["--import", "tsx", path.join(ROOT, script), ...args];
const cli = (args) => [path.join(ROOT, "bin", "pushlab.mjs"), ...args];
const lastJson = (text) => JSON.parse(text.trim().split("\n").filter((l) => l.startsWith("{")).pop() ?? "null");

const report = { scale: SCALE, orders: ORDERS, csv, startedAt: new Date().toISOString(), loadAverage: os.loadavg(), cores: os.cpus().length, totalMemGB: os.totalmem() / 2 ** 30 };
const env = { PUSHLAB_HOME: home, PUSHLAB_DATA: csv };

if (!fs.existsSync(csv) && !SKIP.has("generate")) report.generate = (await timed("generate", "node", cli(["generate", "--orders", String(ORDERS), "--seed", "42", "--out", csv]))).time;
report.csvBytes = fs.statSync(csv).size;
if (!SKIP.has("run")) {
  // --run-input parquet: the run reads the Parquet copy (the same frame bit for bit, allocated exactly
  // instead of the CSV loader's estimate-sized buffers).
  const runInput = opt("run-input", "csv") === "parquet" ? parquet : csv;
  report.runInput = runInput;
  // The environment the app's run queue gives a run (glibc's fixed mmap threshold); --default-malloc
  // measures without it.
  const runEnv = argv.includes("--default-malloc") ? { ...process.env } : withMallocTunables({ ...process.env });
  const run = await timed("run", "node", tsx("bench/scale-run.ts", ["--file", runInput, "--home", home]), { ...runEnv, ...env, PUSHLAB_DATA: runInput });
  report.run = { time: run.time, mallocTunables: runEnv.GLIBC_TUNABLES ?? null, ...lastJson(run.stdout) };
}
if (!SKIP.has("sklearn")) {
  // scikit-learn's L1 fits on liblinear, as `npm run bench` does (saga takes minutes per fit here).
  const out = path.join(home, "sklearn-17.json");
  const args = [path.join(ROOT, "bench", "sklearn_grid.py"), "--data", csv, "--out", out, "--definition", path.join(ROOT, "bench", "seventeen-configurations.json"), "--l1-solver", "liblinear"];
  const sk = await timed("sklearn (17 configurations)", PYTHON, args, { PYTHONUNBUFFERED: "1" });
  const result = JSON.parse(fs.readFileSync(out, "utf8"));
  const aps = Object.fromEntries(result.experiments.map((e) => [e.id, e.averagePrecision]));
  const deltas = Object.entries(report.run?.averagePrecision ?? {}).filter(([id]) => id in aps).map(([id, ap]) => ({ id, delta: Math.abs(ap - aps[id]) }));
  report.sklearn = { time: sk.time, totalSeconds: result.totalSeconds, versions: result.versions, experiments: result.experiments.length, compared: deltas.length, maxAbsApDelta: deltas.length ? Math.max(...deltas.map((d) => d.delta)) : null, worst: deltas.sort((a, b) => b.delta - a.delta)[0] ?? null };
}
if (!SKIP.has("predict") && report.run?.selected) {
  const out = path.join(home, "predictions.csv");
  const predict = await timed("predict", "node", cli(["predict", csv, "--out", out]), env);
  report.predict = { time: predict.time, message: predict.stdout.trim() };
  fs.rmSync(out, { force: true });
}
if (!SKIP.has("engines")) {
  report.pushlabParse = (await timed("pushlab validate (csv)", "node", cli(["validate", csv]), env)).time;
  const duck = await timed("duckdb read_csv + filter/split", "node", tsx("bench/duckdb-csv.ts", ["--file", csv]));
  report.duckdbCsv = { time: duck.time, ...lastJson(duck.stdout) };
}
if (!SKIP.has("parquet")) {
  if (!fs.existsSync(parquet)) {
    const script = path.join(home, "convert.mts");
    fs.writeFileSync(script, `import { convertCsvToParquet } from ${JSON.stringify(path.join(ROOT, "lib/data/parquet-writer.ts"))};\nawait convertCsvToParquet(process.argv[2], process.argv[3]);\n`);
    report.parquetConvert = (await timed("convert to parquet (duckdb)", "node", ["--import", "tsx", script, csv, parquet])).time;
  }
  report.parquetBytes = fs.statSync(parquet).size;
  report.parquetValidate = (await timed("pushlab validate (parquet)", "node", cli(["validate", parquet]), env)).time;
}
if (!SKIP.has("errors")) {
  const fd = fs.openSync(csv, "r");
  const head = Buffer.alloc(1 << 20);
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const rows = head.toString("latin1").split("\n").slice(0, 2000);
  const fields = rows[1234].split(",");
  fields[12] = "0.1x3"; // normalised_price on line 1235
  rows[1234] = fields.join(",");
  const bad = path.join(home, "bad.csv");
  fs.writeFileSync(bad, `${rows.join("\n")}\n`);
  const own = await timed("error: pushlab validate", "node", cli(["validate", bad]), env);
  const duck = await timed("error: duckdb read_csv", "node", tsx("bench/duckdb-csv.ts", ["--file", bad]));
  report.errors = { pushlab: own.stderr.trim().split("\n").pop(), duckdb: duck.stderr.trim().split("\n").find((l) => /Error/.test(l)) ?? duck.stderr.trim().slice(0, 600) };
}
report.finishedAt = new Date().toISOString();
report.loadAverageEnd = os.loadavg();
fs.mkdirSync(path.join(ROOT, "bench", "out"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench", "out", `scale-${SCALE}.json`), `${JSON.stringify(report, null, 2)}\n`);
if (!argv.includes("--keep")) fs.rmSync(home, { recursive: true, force: true });

const mb = (x) => (x == null ? "–" : `${x} MB`);
const s = (x) => (x == null ? "–" : `${Number(x).toFixed(1)} s`);
const lines = [`### Scale ${SCALE}× (${ORDERS} orders, ${report.run?.rows?.toLocaleString("en-US") ?? "?"} rows, ${(report.csvBytes / 1e9).toFixed(2)} GB CSV)`, ""];
lines.push("| stage | wall | CPU | peak RSS |", "|---|---:|---:|---:|");
const row = (name, t) => t && lines.push(`| ${name} | ${s(t.wallSeconds)} | ${s(t.cpuSeconds)} | ${mb(t.peakRssMB)} |`);
row("generate", report.generate);
row("17-configuration run + select (process)", report.run?.time);
for (const st of report.run?.stages ?? []) lines.push(`| · ${st.stage} | ${s(st.seconds)} | | ${mb(st.peakMB)} (so far) |`);
row("pandas + scikit-learn, the same 17 configurations from the CSV (process)", report.sklearn?.time);
row("`pushlab predict` of the whole file", report.predict?.time);
row("`pushlab validate` (pushlab's parser, CSV)", report.pushlabParse);
row(`DuckDB read_csv into a table + filter/split in SQL (read ${s(report.duckdbCsv?.readSeconds)}, filter+split ${s(report.duckdbCsv?.filterSplitSeconds)})`, report.duckdbCsv?.time);
row("CSV → Parquet (DuckDB)", report.parquetConvert);
row(`\`pushlab validate\` of the Parquet copy (${report.parquetBytes ? (report.parquetBytes / 1e6).toFixed(0) : "?"} MB)`, report.parquetValidate);
if (report.sklearn) {
  // pushlab's process also selects a model (validation + test scores): not part of the comparison.
  const select = (report.run?.stages ?? []).find((st) => st.stage.startsWith("select"))?.seconds ?? 0;
  const own = report.run?.time?.wallSeconds != null ? report.run.time.wallSeconds - select : null;
  const theirs = report.sklearn.time?.wallSeconds;
  lines.push("", `Side by side, 17 configurations from the CSV, cold: pushlab ${s(own)} (process wall without the select stage) against pandas + scikit-learn ${s(theirs)}: ratio ${own && theirs ? (own / theirs).toFixed(2) : "–"}; max |ΔAP| over ${report.sklearn.compared} configurations ${report.sklearn.maxAbsApDelta?.toExponential(2) ?? "–"}${report.sklearn.worst ? ` (${report.sklearn.worst.id})` : ""}.`);
}
if (report.errors) lines.push("", `Error on a bad value: pushlab: \`${report.errors.pushlab}\`; DuckDB: \`${report.errors.duckdb}\``);
process.stdout.write(`${lines.join("\n")}\n`);
