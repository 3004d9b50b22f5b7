#!/usr/bin/env node
/**
 * `npm run bench`: pushlab side by side with pandas + scikit-learn on the same synthetic feature frame.
 *
 *   npm run bench                          # full size (3446 orders ≈ 2.9M rows, ≈ 0.8 GB); updates bench/README.md
 *   npm run bench -- --orders 300          # quick smaller run (prints the table, does not touch the README)
 *
 * Options:
 *   --orders N          orders in the generated file (default 3446); the file is bench/out/feature_frame_synthetic_N_SEED.csv
 *   --seed S            generator seed (default 42)
 *   --regenerate        generate the file even when it exists (otherwise it is reused with its recorded timing)
 *   --skip-sklearn      pushlab only (reuses nothing; the sklearn columns stay empty)
 *   --skip-app          no `next start` page measurements (nor page JS sizes)
 *   --skip-duckdb       no DuckDB read_csv reference for the cold load (@duckdb/node-api, a devDependency)
 *   --skip-first-start  no first-start timeline (`pushlab serve` on a copy without a build and an empty workspace, then a second start)
 *   --skip-loss-pass    no loss+gradient pass timing against its floor, nor the cold vs warm passes per fit (bench/loss-pass.ts, 1.5M × 20 synthetic)
 *   --skip-evaluation   no evaluation-cost stage (bench/evaluation-cost.ts: one experiment's evaluation at the runner's replicates, a 2,000-replicate verdict, the test intervals, training-row passes)
 *   --skip-predict      no predict stage (select a grid model, `pushlab predict` vs. bench/sklearn_predict.py on the full file)
 *   --use-existing-build  serve the checkout's .next (when it has a BUILD_ID) instead of building a private snapshot
 *   --l1-solver S       liblinear (default) or saga for scikit-learn's L1 fits (elastic-net is always saga)
 *   --saga-max-iter N   scikit-learn saga epochs cap (default 1000)
 *   --requests N        requests per page for the server timings (default 20)
 *   --port P            port for `next start` (default 3400)
 *   --readme / --no-readme   write (or not) the figures into bench/README.md (default: only at full size)
 *   --stage-timeout S   seconds after which any stage is killed (default 5400)
 *
 * Every measured process runs under `/usr/bin/time -v` (peak RSS = "Maximum resident set size"). Raw figures
 * go to bench/out/bench-<orders>-<seed>.json; the README's generated section sits between the
 * `<!-- bench:begin -->` and `<!-- bench:end -->` markers, the text around them is kept.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { firstStartTimeline } from "./first-start.mjs";
import { pageJs, pageJsInBrowser } from "./page-js.mjs";

// `npm run bench -- --scale N`: the scale benchmark (bench/scale.mjs) instead of the side-by-side run.
if (process.argv.includes("--scale")) {
  await import("./scale.mjs");
  process.exit(process.exitCode ?? 0);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH = path.join(ROOT, "bench");
const OUT = path.join(BENCH, "out");
const PYTHON = "/usr/bin/python3";
const TIME = "/usr/bin/time";

// ------------------------------------------------------------------ arguments

const argv = process.argv.slice(2);
function opt(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}
const flag = (name) => argv.includes(`--${name}`);
const ORDERS = Number(opt("orders", 3446));
const SEED = Number(opt("seed", 42));
const FULL = ORDERS === 3446 && SEED === 42;
const WRITE_README = flag("readme") || (FULL && !flag("no-readme"));
const REQUESTS = Number(opt("requests", 20));
const PORT = Number(opt("port", 3400));
const STAGE_TIMEOUT = Number(opt("stage-timeout", 5400)) * 1000;
const L1_SOLVER = opt("l1-solver", "liblinear");
const SAGA_MAX_ITER = opt("saga-max-iter", "1000");
for (const [name, v] of [["orders", ORDERS], ["seed", SEED], ["requests", REQUESTS], ["port", PORT]]) {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
}

// ------------------------------------------------------------------ helpers

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s`;
function say(message) {
  process.stderr.write(`[bench ${elapsed()}] ${message}\n`);
}

/** Parses GNU time -v output. */
function parseTime(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const get = (re) => {
    const m = text.match(re);
    return m ? m[1] : null;
  };
  const clock = get(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
  let wall = null;
  if (clock) wall = clock.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  const num = (re) => (get(re) === null ? null : Number(get(re)));
  return {
    wallSeconds: wall,
    userSeconds: num(/User time \(seconds\): ([\d.]+)/),
    systemSeconds: num(/System time \(seconds\): ([\d.]+)/),
    maxRssMB: num(/Maximum resident set size \(kbytes\): (\d+)/) === null ? null : num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    exitStatus: num(/Exit status: (\d+)/),
  };
}

/**
 * Runs a command under /usr/bin/time -v in its own process group, with a time limit. `onLine` sees
 * stdout lines as they arrive (with the arrival time); stderr is passed through with a prefix.
 */
function rssOfChildMB(timePid) {
  // /usr/bin/time's child is the measured process; VmRSS of that one (threads included).
  try {
    const kids = fs.readFileSync(`/proc/${timePid}/task/${timePid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    let total = 0;
    for (const kid of kids) {
      const m = fs.readFileSync(`/proc/${kid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]);
    }
    return total / 1024;
  } catch {
    return null;
  }
}

/** Process groups of the measured commands still running, killed if the benchmark itself is interrupted. */
const running = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }
    say(`${signal}: stopped${WORK ? `; work dir ${WORK}` : ""}`);
    process.exit(130);
  });
}

function timed(label, cmd, args, { env = {}, onLine, onRss, timeoutMs = STAGE_TIMEOUT, quietStderr = false, cwd = ROOT } = {}) {
  const timeFile = path.join(WORK, `time-${label.replace(/[^a-z0-9]+/gi, "_")}.txt`);
  say(`${label}: ${cmd} ${args.join(" ")}`);
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ["-v", "-o", timeFile, cmd, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child.pid);
    let stdout = "";
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      const text = chunk.toString();
      stdout += text;
      if (!onLine) return;
      buffered += text;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        onLine(buffered.slice(0, nl), performance.now());
        buffered = buffered.slice(nl + 1);
      }
    });
    let stderrTail = "";
    child.stderr.on("data", (chunk) => {
      const text = chunk.toString();
      stderrTail = (stderrTail + text).slice(-4000);
      if (!quietStderr) process.stderr.write(text.replace(/^(?=.)/gm, `    ${label} | `));
    });
    const sampler = onRss
      ? setInterval(() => {
          const mb = rssOfChildMB(child.pid);
          if (mb !== null) onRss(mb, performance.now());
        }, 250)
      : null;
    const timer = setTimeout(() => {
      say(`${label}: over the ${timeoutMs / 1000} s limit, killing it`);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      running.delete(child.pid);
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      const time = parseTime(timeFile);
      if (code !== 0) {
        reject(new Error(`${label} failed (exit ${code}): ${stderrTail.trim().split("\n").slice(-5).join(" | ")}`));
        return;
      }
      resolve({ stdout, time });
    });
  });
}

function lastJsonLine(text) {
  const lines = text.trim().split("\n").filter((l) => l.startsWith("{"));
  return JSON.parse(lines[lines.length - 1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ machine

function machine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const mhz = cpuinfo.match(/cpu MHz\s*:\s*(.*)/)?.[1] ?? null;
  const py = sh(PYTHON, [
    "-c",
    "import platform, json, pandas, numpy, sklearn, scipy; print(json.dumps({'python': platform.python_version(), 'pandas': pandas.__version__, 'numpy': numpy.__version__, 'scipy': scipy.__version__, 'sklearn': sklearn.__version__}))",
  ]);
  const pkg = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    nproc: Number(sh("nproc", [])) || os.availableParallelism(),
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    cpuModel: model,
    cpuMHz: mhz,
    kernel: os.release(),
    loadAvgStart: os.loadavg().map((v) => Number(v.toFixed(2))),
    node: process.version,
    next: pkg("next"),
    tsx: pkg("tsx"),
    python: py ? JSON.parse(py) : null,
    git: { commit: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]), dirty: (sh("git", ["-C", ROOT, "status", "--porcelain", "--", "lib", "scripts"]) ?? "") !== "" },
    date: new Date().toISOString(),
  };
}

/** Other processes using CPU right now (the machine is shared), for the record. */
function busyProcesses() {
  const out = sh("ps", ["-eo", "pcpu,etimes,args", "--sort=-pcpu", "--no-headers"]) ?? "";
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => Number(l.split(/\s+/)[0]) >= 20 && !l.includes("ps -eo"))
    .slice(0, 5)
    .map((l) => l.slice(0, 140));
}

// ------------------------------------------------------------------ stages

let WORK; // temporary workspace of this run

async function stageGenerate(file, recordFile) {
  if (fs.existsSync(file) && fs.existsSync(recordFile) && !flag("regenerate")) {
    const record = JSON.parse(fs.readFileSync(recordFile, "utf8"));
    if (record.bytes === fs.statSync(file).size) {
      say(`reusing ${path.relative(ROOT, file)} (generated ${record.date}, ${record.time.wallSeconds} s)`);
      return { ...record, reused: true };
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const { stdout, time } = await timed("generate", process.execPath, ["bin/pushlab.mjs", "generate", "--orders", String(ORDERS), "--seed", String(SEED), "--out", tmp], {
    quietStderr: true,
  });
  fs.renameSync(tmp, file);
  const m = stdout.match(/wrote .*: ([\d,]+) rows, ([\d,]+) orders, ([\d.]+) MB in ([\d.]+) s/);
  const record = {
    date: new Date().toISOString(),
    command: `node bin/pushlab.mjs generate --orders ${ORDERS} --seed ${SEED} --out ${path.relative(ROOT, file)}`,
    rows: m ? Number(m[1].replaceAll(",", "")) : null,
    bytes: fs.statSync(file).size,
    reportedSeconds: m ? Number(m[4]) : null,
    time,
    loadAvg: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
  fs.writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  say(`generated ${record.rows?.toLocaleString("en")} rows, ${(record.bytes / 1e6).toFixed(0)} MB in ${time.wallSeconds} s, peak RSS ${time.maxRssMB.toFixed(0)} MB`);
  return { ...record, reused: false };
}

const tsxNode = (script, ...args) => [process.execPath, ["--import", "tsx", script, ...args]];

async function stageLoads(file, cacheDir) {
  const results = {};
  // 1. parse only (no cache anywhere): loadDataset(file) without cacheDir.
  {
    const [cmd, args] = tsxNode("bench/load.ts", "--file", file, "--cache", "-");
    const r = await timed("parse-only", cmd, args);
    results.parseOnly = { ...lastJsonLine(r.stdout), time: r.time };
  }
  // 2. cold: loadDataset(file, { cacheDir }) with an empty cacheDir (parses, then writes the Arrow cache).
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  {
    const [cmd, args] = tsxNode("bench/load.ts", "--file", file, "--cache", cacheDir);
    const r = await timed("cold-load", cmd, args);
    results.cold = { ...lastJsonLine(r.stdout), time: r.time };
    if (results.cold.fromCache) throw new Error("cold load came from a cache");
  }
  // 3. cached reloads, each in a new process, with the filter + split timings.
  results.cached = [];
  for (let k = 0; k < 3; k++) {
    const [cmd, args] = tsxNode("bench/load.ts", "--file", file, "--cache", cacheDir, "--prepare");
    const r = await timed(`cached-load-${k + 1}`, cmd, args);
    const parsed = { ...lastJsonLine(r.stdout), time: r.time };
    if (!parsed.fromCache) throw new Error("cached load did not use the cache");
    results.cached.push(parsed);
  }
  // 4. the reference: DuckDB's read_csv into an in-memory table with 2 threads, whole process and in-process.
  if (!flag("skip-duckdb")) {
    try {
      const r = await timed("duckdb-read_csv", process.execPath, [path.join(BENCH, "duckdb-load.mjs"), file, "--threads", "2"]);
      results.duckdb = { ...lastJsonLine(r.stdout), time: r.time };
      say(`duckdb read_csv (2 threads): ${results.duckdb.seconds.toFixed(2)} s in-process, ${r.time.wallSeconds} s process wall, RSS ${r.time.maxRssMB.toFixed(0)} MB`);
    } catch (error) {
      say(`duckdb stage skipped: ${error.message}`);
    }
  }
  const c = results.cached;
  say(
    `parse-only ${results.parseOnly.loadSeconds.toFixed(2)} s; cold ${results.cold.loadSeconds.toFixed(2)} s (RSS ${results.cold.time.maxRssMB.toFixed(0)} MB); ` +
      `cached ${c.map((x) => x.loadSeconds.toFixed(2)).join("/")} s; filter ${median(c.map((x) => x.filterSeconds)).toFixed(2)} s, split ${median(c.map((x) => x.splitSeconds)).toFixed(2)} s`,
  );
  return results;
}

async function stageRun(file, home) {
  const events = [];
  let lastReport = 0;
  let phase = "data";
  const rssByPhase = {};
  const r = await timed("pushlab-run", process.execPath, ["bin/pushlab.mjs", "run", "--force", "--json-events"], {
    env: { PUSHLAB_HOME: home, PUSHLAB_DATA: file },
    onRss: (mb) => {
      rssByPhase[phase] = Math.max(rssByPhase[phase] ?? 0, mb);
    },
    onLine: (line, at) => {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.type === "progress") return;
      events.push({ at, ...event });
      if (event.type === "plan") phase = "baseline";
      if (event.type === "features") phase = event.encoding;
      if (event.type === "features") say(`pushlab run: features ${event.encoding} (${event.experiments} experiments)`);
      if ((event.type === "done" || event.type === "failed") && (performance.now() - lastReport > 20000 || event.index === event.total)) {
        lastReport = performance.now();
        say(`pushlab run: ${event.index}/${event.total} ${event.id}${event.type === "failed" ? " FAILED" : ""}`);
      }
    },
  });
  const start = events.find((e) => e.type === "stage")?.at ?? events[0]?.at;
  const plan = events.find((e) => e.type === "plan");
  const feats = events.filter((e) => e.type === "features");
  const dones = events.filter((e) => e.type === "done" || e.type === "failed");
  const end = dones.length ? dones[dones.length - 1].at : plan.at;
  const groups = feats.map((f, k) => ({ encoding: f.encoding, experiments: f.experiments, start: f.at, end: k + 1 < feats.length ? feats[k + 1].at : end }));
  // Per-experiment details from the stored result files (features / fit / evaluate seconds, iterations).
  const resultsDir = path.join(home, "results");
  const details = {};
  for (const name of fs.readdirSync(resultsDir)) {
    if (!name.endsWith(".json")) continue;
    try {
      const res = JSON.parse(fs.readFileSync(path.join(resultsDir, name), "utf8"));
      if (!res.id || !res.seconds) continue;
      details[res.id] = { seconds: res.seconds, iterations: res.fit?.iterations ?? null, converged: res.fit?.converged ?? null };
    } catch {}
  }
  for (const g of groups) {
    const ids = Object.entries(details).filter(([id]) => id.startsWith(`lr-${g.encoding}-`));
    g.featureSeconds = ids.length ? ids[0][1].seconds.features : null;
    g.wallSeconds = (g.end - g.start) / 1000;
  }
  const resultsJson = execFileSync(process.execPath, ["bin/pushlab.mjs", "results", "--json"], {
    cwd: ROOT,
    env: { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: file },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const rows = JSON.parse(resultsJson);
  return {
    time: r.time,
    dataSeconds: plan && start ? (plan.at - start) / 1000 : null,
    baselineSeconds: feats.length && plan ? (feats[0].at - plan.at) / 1000 : null,
    fitsWallSeconds: feats.length ? (end - feats[0].at) / 1000 : null,
    eventsWallSeconds: start ? (end - start) / 1000 : null,
    groups: groups.map(({ start: _s, end: _e, ...g }) => g),
    rssByPhaseMB: rssByPhase,
    rows,
    details,
  };
}

async function stageSklearn(file) {
  const out = path.join(WORK, "sklearn.json");
  const args = ["bench/sklearn_grid.py", "--data", file, "--out", out, "--l1-solver", L1_SOLVER, "--saga-max-iter", SAGA_MAX_ITER];
  const r = await timed("sklearn", PYTHON, args, { env: { PYTHONUNBUFFERED: "1" } });
  return { ...JSON.parse(fs.readFileSync(out, "utf8")), time: r.time };
}

// ------------------------------------------------------------------ predict

const PREDICT_MODEL = "lr-none-l2-C1e-6-unweighted";

/** Select one grid model into the bench workspace's registry and score the whole file with it, both sides. */
async function stagePredict(file, home, { sklearn }) {
  const env = { PUSHLAB_HOME: home, PUSHLAB_DATA: file };
  execFileSync(process.execPath, ["bin/pushlab.mjs", "select", PREDICT_MODEL, "--note", "bench"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
  const pushlabOut = path.join(WORK, "pushlab_predictions.csv");
  const r = await timed("pushlab-predict", process.execPath, ["bin/pushlab.mjs", "predict", file, "--out", pushlabOut], { env });
  const result = { model: PREDICT_MODEL, pushlab: { time: r.time, line: r.stdout.trim().split("\n").pop(), outputBytes: fs.statSync(pushlabOut).size } };
  say(`pushlab predict: ${f(r.time.wallSeconds, 1)} s wall, peak RSS ${mbs(r.time.maxRssMB)}`);
  if (sklearn) {
    const skOut = path.join(WORK, "sklearn_predictions.csv");
    const json = path.join(WORK, "sklearn_predict.json");
    const model = path.join(home, "registry", "active", "model.json");
    const p = await timed("sklearn-predict", PYTHON, ["bench/sklearn_predict.py", "--data", file, "--model", model, "--out", skOut, "--json", json, "--compare", pushlabOut], {
      env: { PYTHONUNBUFFERED: "1" },
    });
    result.sklearn = { ...JSON.parse(fs.readFileSync(json, "utf8")), time: p.time };
    fs.rmSync(skOut, { force: true });
  }
  fs.rmSync(pushlabOut, { force: true });
  return result;
}

function predictSection(pr) {
  if (!pr) return [];
  const sk = pr.sklearn;
  const st = (name) => sk?.stages?.[name]?.wall ?? null;
  const skTimed = sk ? sk.totalSeconds : null;
  const lines = [
    `Both sides score all ${sk?.rows?.toLocaleString("en") ?? "the"} rows of the file with the selected \`${pr.model}\` (pushlab's registry model; the python side loads its scaler and coefficients into StandardScaler / LogisticRegression) and write the input columns plus the two prediction columns. pushlab: ${pr.pushlab.line}`,
    "",
    "| predict the full file | pushlab s | pandas / sklearn s | pushlab ÷ sklearn | peak RSS pushlab | peak RSS python |",
    "|---|---:|---:|---:|---:|---:|",
    `| process wall (\`pushlab predict\` vs. the whole python script) | ${f(pr.pushlab.time.wallSeconds)} | ${f(sk?.time?.wallSeconds)} | ${ratio(pr.pushlab.time.wallSeconds, sk?.time?.wallSeconds)} | ${mbs(pr.pushlab.time.maxRssMB)} | ${mbs(sk?.time?.maxRssMB)} |`,
    `| python's timed stages: read_csv ${f(st("read_csv"))}, features ${f(st("features"))}, predict_proba ${f(st("predict"))}, to_csv ${f(st("to_csv"))} | | ${f(skTimed)} | | | |`,
    "",
  ];
  if (sk?.compare) {
    lines.push(sk.compare.error
      ? `Outputs compared: ${sk.compare.error}.`
      : `Outputs compared row by row: max |Δ probability| ${sk.compare.maxAbsProbabilityDelta.toExponential(2)}, ${sk.compare.differentDecisions} different decisions of ${sk.compare.rows.toLocaleString("en")}.`);
    lines.push("");
  }
  return lines;
}

// ------------------------------------------------------------------ app

function curl(url, { compressed = false, maxTime = 60 } = {}) {
  const args = ["-s", "-o", "/dev/null", "--max-time", String(maxTime), "-w", "%{http_code} %{time_starttransfer} %{time_total} %{size_download}", url];
  if (compressed) args.unshift("--compressed");
  let out;
  try {
    out = execFileSync("curl", args, { encoding: "utf8", timeout: (maxTime + 5) * 1000 });
  } catch (error) {
    out = error.stdout ?? "0 0 0 0"; // curl exits non-zero on refused connections / timeouts; -w still printed
  }
  const [code, ttfb, total, size] = out.trim().split(" ");
  return { code: Number(code), ttfb: Number(ttfb), total: Number(total), size: Number(size) };
}

function fetchText(url) {
  return execFileSync("curl", ["-s", "--fail", url], { encoding: "utf8", maxBuffer: 64 << 20, timeout: 60000 });
}

function gzipSize(buffer) {
  return execFileSync("gzip", ["-c", "-6"], { input: buffer, maxBuffer: 256 << 20 }).length;
}

async function waitForServer(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = curl(url, { maxTime: 2 });
    if (r.code > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server at ${url} did not answer within ${ms / 1000} s`);
}

/**
 * The app is built and served from a private snapshot (WORK/app: copies of the sources, node_modules
 * hard-linked), because other engineers rebuild /work/main/.next concurrently (an e2e run deletes and
 * rewrites it). `--use-existing-build` serves the checkout's own .next instead when it has a BUILD_ID.
 */
async function stageApp(file, home) {
  let appDir = ROOT;
  let build = null;
  const existing = path.join(ROOT, ".next", "BUILD_ID");
  if (!(flag("use-existing-build") && fs.existsSync(existing))) {
    appDir = path.join(WORK, "app");
    fs.mkdirSync(appDir, { recursive: true });
    const copied = [];
    for (const entry of fs.readdirSync(ROOT)) {
      if ([".git", ".next", "node_modules", "bench", "test", "e2e", "test-results", "playwright-report"].includes(entry) || entry.startsWith(".pushlab")) continue;
      if (entry.endsWith(".tsbuildinfo")) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(appDir, entry), { recursive: true });
      copied.push(entry);
    }
    execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(appDir, "node_modules")]);
    say(`app snapshot in ${appDir}: ${copied.join(", ")} + node_modules (hard links)`);
    const r = await timed("next-build", process.execPath, [path.join(appDir, "node_modules", "next", "dist", "bin", "next"), "build"], {
      quietStderr: true,
      timeoutMs: 15 * 60000,
      cwd: appDir,
      env: { NEXT_TELEMETRY_DISABLED: "1" },
    });
    const compiled = r.stdout.match(/Compiled successfully in ([\d.]+\s*m?s)/)?.[1] ?? null;
    build = { time: r.time, compiled };
    say(`next build: ${f(r.time.wallSeconds, 1)} s wall, peak RSS ${mbs(r.time.maxRssMB)}`);
  }
  const buildId = path.join(appDir, ".next", "BUILD_ID");
  const buildInfo = { buildId: fs.readFileSync(buildId, "utf8").trim(), builtAt: fs.statSync(buildId).mtime.toISOString(), builtHere: build !== null, build };
  const probe = sh("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `http://127.0.0.1:${PORT}/`]);
  if (probe !== null && probe !== "000") {
    throw new Error(`port ${PORT} is already in use; pass --port`);
  }
  say(`next start on 127.0.0.1:${PORT} (build ${buildInfo.buildId} of ${buildInfo.builtAt})`);
  const server = spawn(process.execPath, [path.join(appDir, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: appDir,
    env: { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: file, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  running.add(server.pid);
  let serverErr = "";
  server.stderr.on("data", (d) => (serverErr = (serverErr + d).slice(-4000)));
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  const pages = {};
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const readyStart = performance.now();
    // A static file answers as soon as the server listens (the report page "/" can be slow the first time).
    await waitForServer(`${base}/icon.svg`, 60000);
    const readySeconds = (performance.now() - readyStart) / 1000;
    // The report page: its first request after a run computes the dataset summary and the findings'
    // paired bootstraps, then they are cached; recorded as a side figure.
    say("GET / (first request after the run; may take a while)");
    const reportFirst = curl(`${base}/`, { maxTime: 900 });
    const reportWarm = [];
    for (let k = 0; k < 5; k++) reportWarm.push(curl(`${base}/`));
    const reportPage = { firstRequest: reportFirst, warmTotalMedianMs: 1000 * median(reportWarm.map((x) => x.total)), htmlBytes: reportWarm[0].size };
    say(`GET /: first ${f(reportFirst.total, 1)} s (HTTP ${reportFirst.code}), then median ${f(1000 * median(reportWarm.map((x) => x.total)), 0)} ms`);
    for (const route of ["/experiments/lr-none-l2-C1e-6-unweighted", "/experiments"]) {
      const url = `${base}${route}`;
      const first = curl(url); // first request after start (module loading, results read from disk)
      if (first.code !== 200) throw new Error(`${route} answered ${first.code}: ${serverErr.slice(-500)}`);
      const plain = [];
      const gz = [];
      for (let k = 0; k < REQUESTS; k++) {
        plain.push(curl(url));
        gz.push(curl(url, { compressed: true }));
      }
      const all = [...plain, ...gz];
      if (all.some((x) => x.code !== 200)) throw new Error(`${route}: non-200 answers`);
      const html = fetchText(url);
      // Scripts and stylesheets the HTML references (what the browser downloads before the page is interactive).
      const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))];
      let jsBytes = 0;
      let jsGzip = 0;
      let cssBytes = 0;
      let cssGzip = 0;
      for (const asset of assets) {
        const body = execFileSync("curl", ["-s", "--fail", `${base}${asset}`], { maxBuffer: 64 << 20 });
        const g = gzipSize(body);
        if (asset.endsWith(".js")) {
          jsBytes += body.length;
          jsGzip += g;
        } else {
          cssBytes += body.length;
          cssGzip += g;
        }
      }
      const flight = [...html.matchAll(/self\.__next_f\.push\((\[[\s\S]*?\])\)<\/script>/g)].reduce((acc, m) => acc + m[1].length, 0);
      pages[route] = {
        firstRequest: first,
        requests: REQUESTS,
        ttfbMedianMs: 1000 * median(plain.map((x) => x.ttfb)),
        ttfbP95Ms: 1000 * quantile(plain.map((x) => x.ttfb), 0.95),
        totalMedianMs: 1000 * median(plain.map((x) => x.total)),
        totalP95Ms: 1000 * quantile(plain.map((x) => x.total), 0.95),
        gzipTotalMedianMs: 1000 * median(gz.map((x) => x.total)),
        gzipTotalP95Ms: 1000 * quantile(gz.map((x) => x.total), 0.95),
        htmlBytes: plain[0].size,
        htmlTransferGzip: median(gz.map((x) => x.size)),
        inlineFlightDataBytes: flight,
        assets: assets.length,
        jsBytes,
        jsGzip,
        cssBytes,
        cssGzip,
      };
      const p = pages[route];
      say(
        `${route}: TTFB median ${p.ttfbMedianMs.toFixed(0)} ms (p95 ${p.ttfbP95Ms.toFixed(0)}), total ${p.totalMedianMs.toFixed(0)} ms; ` +
          `HTML ${(p.htmlBytes / 1024).toFixed(0)} KB (${(p.htmlTransferGzip / 1024).toFixed(0)} KB gzip), JS ${(jsBytes / 1024).toFixed(0)} KB (${(jsGzip / 1024).toFixed(0)} KB gzip) in ${assets.length} files`,
      );
    }
    // JavaScript per page: the initial scripts of the HTML, and all Chromium loads (on-demand chunks too).
    const results = fs.readdirSync(path.join(home, "results")).filter((n) => n.endsWith(".json") && n.startsWith("lr-")).map((n) => n.slice(0, -5));
    const some = results.find((id) => id.startsWith("lr-onehot-")) ?? results[0];
    const jsRoutes = ["/", "/experiments", `/experiments/${some}`, `/compare?ids=${some},baseline-global_popularity`, "/experiments/path?encoding=none&penalty=l2", "/registry", "/login"];
    const initialJs = await pageJs(base, jsRoutes);
    let loadedJs = [];
    try {
      loadedJs = await pageJsInBrowser(base, jsRoutes);
    } catch (error) {
      say(`page JS in Chromium skipped: ${error.message}`);
    }
    const pageJsSizes = initialJs.map((p, k) => ({ path: p.path.replace(some, "ID"), initialGzipKB: p.gzipKB, initialScripts: p.scripts, loadedGzipKB: loadedJs[k]?.gzipKB ?? null, loadedScripts: loadedJs[k]?.scripts ?? null }));
    for (const p of pageJsSizes) say(`JS ${p.path}: initial ${p.initialGzipKB} KB gzip, loaded ${p.loadedGzipKB ?? "-"} KB gzip`);
    // The server process's own RSS after the requests (next start is a node process group).
    const rssKB = Number(sh("ps", ["-o", "rss=", "-p", String(server.pid)]) ?? 0);
    return { build: buildInfo, readySeconds, serverRssMB: rssKB / 1024, reportPage, pages, pageJs: pageJsSizes };
  } finally {
    stop();
    await new Promise((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.on("exit", resolve);
      setTimeout(resolve, 5000);
    });
  }
}

// ------------------------------------------------------------------ report

const f = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(d));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");
const mbs = (x) => (x === null || x === undefined ? "–" : `${x.toFixed(0)} MB`);

function compareAp(run, sk) {
  if (!sk) return null;
  const skById = new Map(sk.experiments.map((e) => [e.id, e]));
  const pairs = [];
  const missing = [];
  for (const row of run.rows) {
    const s = skById.get(row.id);
    if (!s) {
      missing.push(row.id);
      continue;
    }
    pairs.push({ id: row.id, pushlab: row.validation.averagePrecision, sklearn: s.averagePrecision, delta: row.validation.averagePrecision - s.averagePrecision, aucDelta: row.validation.rocAuc - s.rocAuc });
  }
  for (const id of skById.keys()) if (!run.rows.some((r) => r.id === id)) missing.push(id);
  pairs.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return {
    compared: pairs.length,
    missing,
    maxAbsDelta: pairs.length ? Math.abs(pairs[0].delta) : null,
    maxAbsAucDelta: pairs.length ? Math.max(...pairs.map((p) => Math.abs(p.aucDelta))) : null,
    within1e3: pairs.filter((p) => Math.abs(p.delta) <= 1e-3).length,
    worst: pairs.slice(0, 8),
    pairs,
  };
}

function buildReport(r) {
  const lines = [];
  const m = r.machine;
  const L = r.loads;
  const run = r.run;
  const sk = r.sklearn;
  const cachedMedian = median(L.cached.map((x) => x.loadSeconds));
  const filterMedian = median(L.cached.map((x) => x.filterSeconds));
  const splitMedian = median(L.cached.map((x) => x.splitSeconds));
  const skStage = (name) => sk?.stages?.[name]?.wall ?? null;
  const skFeat = (enc) => sk?.features?.[enc]?.wall ?? null;
  const pushlabFitSum = sum(Object.values(run.details).map((d) => d.seconds.fit));
  const pushlabEvalSum = sum(Object.values(run.details).map((d) => d.seconds.evaluate));
  const pushlabFeatSum = sum(run.groups.map((g) => g.featureSeconds ?? 0));
  const skFeatSum = sk ? sum(Object.values(sk.features).map((x) => x.wall)) : null;
  const skGrid = sk ? sk.totalSeconds - (skStage("read_csv") ?? 0) - (skStage("filter") ?? 0) - (skStage("split") ?? 0) : null;
  const pushlabGrid = run.eventsWallSeconds - run.dataSeconds;

  lines.push(`Measured ${m.date.slice(0, 16).replace("T", " ")} UTC on ${m.nproc} × ${m.cpuModel}${m.cpuMHz ? ` (${Number(m.cpuMHz).toFixed(0)} MHz)` : ""}, ${m.memoryGB} GB RAM, Linux ${m.kernel}; ` +
    `load average at start ${m.loadAvgStart.join(" / ")} (1/5/15 min), at end ${r.loadAvgEnd.join(" / ")}. ` +
    `Node ${m.node} (next ${m.next}, tsx ${m.tsx}); Python ${m.python?.python}, pandas ${m.python?.pandas}, numpy ${m.python?.numpy}, scipy ${m.python?.scipy}, scikit-learn ${m.python?.sklearn}. ` +
    `pushlab at ${m.git.commit}${m.git.dirty ? " (lib/ or scripts/ had uncommitted changes by other engineers)" : ""}.`);
  lines.push("");
  if (r.busy?.length) {
    lines.push(`Other processes using ≥ 20 % CPU when the run started (shared machine): ${r.busy.map((b) => `\`${b}\``).join("; ")}.`);
    lines.push("");
  }
  const g = r.generate;
  lines.push(`Data: \`${g.command}\` → ${g.rows?.toLocaleString("en") ?? "?"} rows, ${(g.bytes / 1e6).toFixed(1)} MB` +
    `${g.reused ? ` (file reused; generated ${g.date.slice(0, 16).replace("T", " ")})` : ""}. ` +
    `Filter keeps ${L.cached[0].ordersKept} of ${L.cached[0].ordersBefore} orders, ${L.cached[0].rowsKept.toLocaleString("en")} rows; ` +
    `train / validation / test rows ${["train", "validation", "test"].map((s) => L.cached[0].split[s].rows.toLocaleString("en")).join(" / ")}` +
    (sk ? ` (pandas: ${["train", "validation", "test"].map((s) => sk.split[s].rows.toLocaleString("en")).join(" / ")}${["train", "validation", "test"].every((s) => sk.split[s].rows === L.cached[0].split[s].rows) ? ", identical" : ", DIFFERENT"})` : "") + ".");
  lines.push("");
  lines.push("| stage | pushlab s | pandas / sklearn s | pushlab ÷ sklearn | peak RSS pushlab | peak RSS python |");
  lines.push("|---|---:|---:|---:|---:|---:|");
  lines.push(`| generate the file (\`pushlab generate\`, process wall) | ${f(g.time.wallSeconds)} | – | – | ${mbs(g.time.maxRssMB)} | – |`);
  const cpu = (t) => t.userSeconds + t.systemSeconds;
  const readCsvCpu = sk?.stages?.read_csv?.cpu ?? null;
  lines.push(`| cold load: \`loadDataset(file, {cacheDir})\`, parse + validate + write Arrow cache | ${f(L.cold.loadSeconds)} | ${f(skStage("read_csv"))} (read_csv) | ${ratio(L.cold.loadSeconds, skStage("read_csv"))} | ${mbs(L.cold.time.maxRssMB)} | |`);
  lines.push(`| parse only: \`loadDataset(file)\` without cache | ${f(L.parseOnly.loadSeconds)} | ${f(skStage("read_csv"))} (read_csv) | ${ratio(L.parseOnly.loadSeconds, skStage("read_csv"))} | ${mbs(L.parseOnly.time.maxRssMB)} | |`);
  lines.push(`| same, CPU seconds (user + sys; pushlab: the whole process incl. ≈ 1 s of node/tsx start-up) — less sensitive to other load | ${f(cpu(L.parseOnly.time))} | ${f(readCsvCpu)} (read_csv) | ${ratio(cpu(L.parseOnly.time), readCsvCpu)} | | |`);
  if (L.duckdb) lines.push(`| reference: DuckDB \`read_csv\` into a table, 2 threads (in-process; process wall ${f(L.duckdb.time.wallSeconds)}) vs pushlab's parse only | ${f(L.parseOnly.loadSeconds)} | ${f(L.duckdb.seconds)} (DuckDB) | ${ratio(L.parseOnly.loadSeconds, L.duckdb.seconds)} | ${mbs(L.parseOnly.time.maxRssMB)} | ${mbs(L.duckdb.time.maxRssMB)} (DuckDB) |`);
  lines.push(`| cached reload (Arrow IPC, new process; median of ${L.cached.length}: ${L.cached.map((x) => f(x.loadSeconds)).join(", ")}) | ${f(cachedMedian)} | ${f(skStage("read_csv"))} (read_csv) | ${ratio(cachedMedian, skStage("read_csv"))} | ${mbs(Math.max(...L.cached.map((x) => x.time.maxRssMB)))} | |`);
  lines.push(`| ≥ 5-items filter | ${f(filterMedian)} | ${f(skStage("filter"))} | ${ratio(filterMedian, skStage("filter"))} | | |`);
  lines.push(`| temporal split | ${f(splitMedian)} | ${f(skStage("split"))} | ${ratio(splitMedian, skStage("split"))} | | |`);
  for (const grp of run.groups) {
    lines.push(`| features \`${grp.encoding}\` (fit pipeline on train + transform validation) | ${f(grp.featureSeconds)} | ${f(skFeat(grp.encoding))} | ${ratio(grp.featureSeconds, skFeat(grp.encoding))} | | |`);
  }
  lines.push(`| features, all encodings | ${f(pushlabFeatSum)} | ${f(skFeatSum)} | ${ratio(pushlabFeatSum, skFeatSum)} | | |`);
  const nFits = Object.values(run.details).filter((d) => d.iterations !== null).length;
  lines.push(`| ${nFits} fits, sum of per-fit seconds (pushlab: 2 workers in parallel) | ${f(pushlabFitSum)} | ${f(sk?.fitSecondsTotal)} | ${ratio(pushlabFitSum, sk?.fitSecondsTotal)} | | |`);
  lines.push(`| evaluation, sum (pushlab: AP, AUC, curves, F0.3, calibration, order bootstrap; sklearn: AP + AUC only) | ${f(pushlabEvalSum)} | ${f(sk?.evaluateSecondsTotal)} | ${ratio(pushlabEvalSum, sk?.evaluateSecondsTotal)} | | |`);
  lines.push(`| **grid**: features + fits + evaluation, wall (pushlab from the \`plan\` event to the last result) | **${f(pushlabGrid)}** | **${f(skGrid)}** | **${ratio(pushlabGrid, skGrid)}** | | |`);
  lines.push(`| \`pushlab run --force\` process wall (cached load + filter + split + grid) vs. whole python script | ${f(run.time.wallSeconds)} | ${f(sk?.time?.wallSeconds)} | ${ratio(run.time.wallSeconds, sk?.time?.wallSeconds)} | ${mbs(run.time.maxRssMB)} | ${mbs(sk?.time?.maxRssMB)} |`);
  lines.push(`| CPU time (user + sys) of that process | ${f(run.time.userSeconds + run.time.systemSeconds)} | ${f(sk ? sk.time.userSeconds + sk.time.systemSeconds : null)} | ${ratio(run.time.userSeconds + run.time.systemSeconds, sk ? sk.time.userSeconds + sk.time.systemSeconds : null)} | | |`);
  lines.push("");
  lines.push(`Inside \`pushlab run\`: data (cached load + filter + split) ${f(run.dataSeconds)} s, baseline ${f(run.baselineSeconds)} s, then per encoding group (features + its fits, wall): ` +
    run.groups.map((grp) => `${grp.encoding} ${f(grp.wallSeconds, 1)} s (${grp.experiments} fits)`).join(", ") + ". " +
    `Peak RSS by phase (sampled every 0.25 s from /proc): ${Object.entries(run.rssByPhaseMB ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(", ")}.`);
  lines.push("");
  return { lines, pushlabGrid, skGrid, cachedMedian };
}

function targetsSection(r, { pushlabGrid, skGrid, cachedMedian }) {
  const L = r.loads;
  const sk = r.sklearn;
  const ap = r.ap;
  const lines = [];
  const yes = (ok) => (ok === null ? "not measured" : ok ? "**met**" : "**missed**");
  const readCsv = sk?.stages?.read_csv?.wall ?? null;
  const peakPushlab = Math.max(L.cold.time.maxRssMB, L.parseOnly.time.maxRssMB, ...L.cached.map((x) => x.time.maxRssMB), r.run.time.maxRssMB);
  lines.push("| target (from the issue) | measured | |");
  lines.push("|---|---|---|");
  const parseCpu = L.parseOnly.time.userSeconds + L.parseOnly.time.systemSeconds;
  const readCsvCpu = sk?.stages?.read_csv?.cpu ?? null;
  lines.push(`| cold parse faster than pandas \`read_csv\` of the same file | wall: loadDataset cold ${f(L.cold.loadSeconds)} s, parse only ${f(L.parseOnly.loadSeconds)} s vs read_csv ${f(readCsv)} s (ratio ${ratio(L.cold.loadSeconds, readCsv)} / ${ratio(L.parseOnly.loadSeconds, readCsv)}); CPU: ${f(parseCpu)} s vs ${f(readCsvCpu)} s (${ratio(parseCpu, readCsvCpu)}) | ${yes(readCsv === null ? null : L.cold.loadSeconds < readCsv)} |`);
  lines.push(`| cached reload < 1 s | median ${f(cachedMedian)} s in-process (${L.cached.map((x) => f(x.loadSeconds)).join(", ")}); the whole \`node --import tsx\` process took ${L.cached.map((x) => f(x.time.wallSeconds, 1)).join(", ")} s incl. start-up and filter/split | ${yes(cachedMedian < 1)} |`);
  lines.push(`| peak RSS < 2 GB (load) | cold ${mbs(L.cold.time.maxRssMB)}, cached ${mbs(Math.max(...L.cached.map((x) => x.time.maxRssMB)))} | ${yes(Math.max(L.cold.time.maxRssMB, ...L.cached.map((x) => x.time.maxRssMB)) < 2048)} |`);
  lines.push(`| grid time ≤ 0.5 × scikit-learn's | ${f(pushlabGrid)} s vs ${f(skGrid)} s = ${ratio(pushlabGrid, skGrid)} | ${yes(skGrid === null ? null : pushlabGrid <= 0.5 * skGrid)} |`);
  lines.push(`| every AP within 1e-3 of scikit-learn's | ${ap ? `${ap.within1e3} of ${ap.compared} within; max \\|ΔAP\\| ${ap.maxAbsDelta.toExponential(2)} (${ap.worst[0].id})` : "–"} | ${yes(ap ? ap.within1e3 === ap.compared && ap.missing.length === 0 : null)} |`);
  lines.push(`| peak RSS ≤ 2 GB (grid run) | \`pushlab run\` ${mbs(r.run.time.maxRssMB)} (python ${mbs(sk?.time?.maxRssMB)}) | ${yes(r.run.time.maxRssMB <= 2048)} |`);
  if (r.predict) {
    const wall = r.predict.pushlab.time.wallSeconds;
    const skWall = r.predict.sklearn?.time?.wallSeconds ?? null;
    lines.push(`| predict of the full file < 5 s | \`pushlab predict\` ${f(wall)} s (pandas + scikit-learn ${f(skWall)} s, ${ratio(wall, skWall)}) | ${yes(wall < 5)} |`);
  }
  if (r.predictError) lines.push(`| predict of the full file | failed: ${r.predictError.replaceAll("|", "/")} | not measured |`);
  if (r.sklearnError) lines.push(`| (scikit-learn stage) | failed: ${r.sklearnError.replaceAll("|", "/")} | not measured |`);
  if (r.appError) lines.push(`| pages (\`next start\`) | failed: ${r.appError.replaceAll("|", "/")} | not measured |`);
  if (r.app) {
    const exp = r.app.pages["/experiments/lr-none-l2-C1e-6-unweighted"];
    const grid = r.app.pages["/experiments"];
    lines.push(`| experiment page HTML + data < 300 KB | ${(exp.htmlBytes / 1024).toFixed(0)} KB HTML incl. ${(exp.inlineFlightDataBytes / 1024).toFixed(0)} KB inline RSC data (${(exp.htmlTransferGzip / 1024).toFixed(0)} KB gzip); + ${(exp.jsBytes / 1024).toFixed(0)} KB JS (${(exp.jsGzip / 1024).toFixed(0)} KB gzip) | ${yes(exp.htmlBytes < 300 * 1024)} (HTML); ${exp.htmlTransferGzip + exp.jsGzip + exp.cssGzip < 300 * 1024 ? "HTML+JS+CSS gzip also under" : "HTML+JS+CSS gzip over"} |`);
    const p95s = [exp.totalP95Ms, grid.totalP95Ms, exp.gzipTotalP95Ms, grid.gzipTotalP95Ms];
    const medians = [exp.totalMedianMs, grid.totalMedianMs, exp.gzipTotalMedianMs, grid.gzipTotalMedianMs];
    lines.push(`| server response < 200 ms | experiment page median ${f(exp.totalMedianMs, 0)} ms (p95 ${f(exp.totalP95Ms, 0)}; gzip ${f(exp.gzipTotalMedianMs, 0)} / ${f(exp.gzipTotalP95Ms, 0)}); /experiments median ${f(grid.totalMedianMs, 0)} ms (p95 ${f(grid.totalP95Ms, 0)}; gzip ${f(grid.gzipTotalMedianMs, 0)} / ${f(grid.gzipTotalP95Ms, 0)}) | ${p95s.every((x) => x < 200) ? "**met** (every p95)" : medians.every((x) => x < 200) ? "**met** on the median, missed on a p95" : "**missed**"} |`);
  }
  lines.push("");
  return lines;
}

function appSection(app) {
  const lines = [];
  const b = app.build.build;
  lines.push(`\`next start\` (build ${app.build.buildId}${b ? `, built by this run from a snapshot of the sources: \`next build\` ${f(b.time.wallSeconds, 1)} s wall${b.compiled ? `, compiled in ${b.compiled}` : ""}, peak RSS ${mbs(b.time.maxRssMB)}` : `, the checkout's existing build of ${app.build.builtAt.slice(0, 16).replace("T", " ")}`}) answered after ${f(app.readySeconds, 1)} s; RSS of the server after the requests ${mbs(app.serverRssMB)}. ` +
    `${Object.values(app.pages)[0]?.requests ?? REQUESTS} requests per page without and ${Object.values(app.pages)[0]?.requests ?? REQUESTS} with \`Accept-Encoding: gzip\`, one at a time with curl, after one warm-up request.`);
  lines.push("");
  if (app.reportPage) {
    const rp = app.reportPage;
    lines.push(`Side figure: the report page \`/\` took ${f(rp.firstRequest.total, 1)} s on its first request after the run (HTTP ${rp.firstRequest.code}; it computes the dataset summary and the findings' paired bootstraps, then caches them), then ${f(rp.warmTotalMedianMs, 0)} ms (median of 5), ${(rp.htmlBytes / 1024).toFixed(0)} KB HTML.`);
    lines.push("");
  }
  lines.push("| page | first request ms | TTFB median / p95 ms | total median / p95 ms | total gzip median / p95 ms | HTML KB (gzip) | inline RSC data KB | JS KB (gzip), files | CSS KB (gzip) |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [route, p] of Object.entries(app.pages)) {
    lines.push(
      `| \`${route}\` | ${f(p.firstRequest.total * 1000, 0)} | ${f(p.ttfbMedianMs, 0)} / ${f(p.ttfbP95Ms, 0)} | ${f(p.totalMedianMs, 0)} / ${f(p.totalP95Ms, 0)} | ${f(p.gzipTotalMedianMs, 0)} / ${f(p.gzipTotalP95Ms, 0)} | ` +
        `${(p.htmlBytes / 1024).toFixed(0)} (${(p.htmlTransferGzip / 1024).toFixed(0)}) | ${(p.inlineFlightDataBytes / 1024).toFixed(0)} | ${(p.jsBytes / 1024).toFixed(0)} (${(p.jsGzip / 1024).toFixed(0)}), ${p.assets} | ${(p.cssBytes / 1024).toFixed(0)} (${(p.cssGzip / 1024).toFixed(0)}) |`,
    );
  }
  lines.push("");
  return lines;
}

function perExperimentSection(r) {
  const lines = [];
  const sk = r.sklearn;
  const skById = new Map((sk?.experiments ?? []).map((e) => [e.id, e]));
  lines.push("| experiment | pushlab fit s | iter | sklearn fit s | solver, iter | AP pushlab | AP sklearn | ΔAP | ΔROC-AUC |");
  lines.push("|---|---:|---:|---:|---|---:|---:|---:|---:|");
  const ids = r.run.rows.map((row) => row.id).sort();
  for (const id of ids) {
    const row = r.run.rows.find((x) => x.id === id);
    const d = r.run.details[id];
    const s = skById.get(id);
    lines.push(
      `| ${id} | ${f(d?.seconds.fit)} | ${d?.iterations ?? "–"}${d?.converged === false ? " (not converged)" : ""} | ${s ? f(s.fitSeconds) : "–"} | ${s?.solver ? `${s.solver}, ${s.iterations}${s.converged ? "" : " (not converged)"}` : "–"} | ` +
        `${row.validation.averagePrecision.toFixed(5)} | ${s ? s.averagePrecision.toFixed(5) : "–"} | ${s ? (row.validation.averagePrecision - s.averagePrecision).toExponential(1) : "–"} | ${s ? (row.validation.rocAuc - s.rocAuc).toExponential(1) : "–"} |`,
    );
  }
  lines.push("");
  return lines;
}

function writeReadme(markdown) {
  const file = path.join(BENCH, "README.md");
  const begin = "<!-- bench:begin -->";
  const end = "<!-- bench:end -->";
  const block = `${begin}\n<!-- generated by \`npm run bench\` (bench/run.mjs); edits inside the markers are overwritten -->\n\n${markdown}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Benchmarks\n\n${begin}\n${end}\n`;
  if (!text.includes(begin) || !text.includes(end)) text += `\n${begin}\n${end}\n`;
  text = text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length);
  fs.writeFileSync(file, text);
  say(`figures written to ${path.relative(ROOT, file)}`);
}

// ------------------------------------------------------------------ main

function lossPassSection(p) {
  const ms = (m) => `${f(m.min, 1)} / ${f(m.median, 1)}`;
  return [
    `Synthetic ${p.rows.toLocaleString("en")} × ${p.cols}, ${p.reps} repetitions after 3 warm-up calls; milliseconds min / median. The floor is a streaming read of the matrix plus one Math.exp and one Math.log1p per row, each timed alone.`,
    "",
    "| what | cpu ms | wall ms |",
    "|---|---:|---:|",
    `| fused loss+gradient pass, unit weights | ${ms(p.pass.unit.cpuMs)} | ${ms(p.pass.unit.wallMs)} |`,
    `| same, with a weight array (class weights) | ${ms(p.pass.weighted.cpuMs)} | ${ms(p.pass.weighted.wallMs)} |`,
    `| floor: read of the matrix + exp and log1p per row | ${f(p.floor.read.cpuMs.min, 1)} + ${f(p.floor.transcendental.cpuMs.min, 1)} = ${f(p.floor.cpuMs, 1)} | |`,
    "",
    "| passes per fit | cold (each from zeros) | warm-start chain |",
    "|---|---|---|",
    `| L2 C = 1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, then none | ${p.chains.l2.cold.join(", ")} (${p.chains.l2.coldTotal}) | ${p.chains.l2.warm.join(", ")} (${p.chains.l2.warmTotal}) |`,
    `| L1 C = 1e-4, 1e-2, 1 | ${p.chains.l1.cold.join(", ")} (${p.chains.l1.coldTotal}) | ${p.chains.l1.warm.join(", ")} (${p.chains.l1.warmTotal}) |`,
    "",
  ];
}

function renderMarkdown(report, jsonFile) {
  const main = buildReport(report);
  const md = [
    "### Machine and data",
    "",
    ...main.lines.slice(0, main.lines.indexOf("| stage | pushlab s | pandas / sklearn s | pushlab ÷ sklearn | peak RSS pushlab | peak RSS python |")),
    "### Stages",
    "",
    ...main.lines.slice(main.lines.indexOf("| stage | pushlab s | pandas / sklearn s | pushlab ÷ sklearn | peak RSS pushlab | peak RSS python |")),
    ...(report.lossPass ? ["### Loss+gradient pass and passes per fit (`bench/loss-pass.ts`)", "", ...lossPassSection(report.lossPass)] : []),
    ...(report.predict ? ["### Predict", "", ...predictSection(report.predict)] : []),
    ...(report.evaluation
      ? [
          "### Evaluation cost per experiment (`bench/evaluation-cost.ts`, median of 3, one thread)",
          "",
          "| what | wall s | CPU s |",
          "|---|---:|---:|",
          ...Object.entries(report.evaluation.seconds).map(([k, v]) => `| ${k} | ${v.wall} | ${v.cpu} |`),
          "",
          `Rows: ${Object.entries(report.evaluation.rows).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", ")}; load average ${report.evaluation.loadAverage.before.join(" / ")} before, ${report.evaluation.loadAverage.after.join(" / ")} after.`,
          "",
        ]
      : []),
    "### Targets",
    "",
    ...targetsSection(report, main),
    ...(report.app ? ["### Pages (`next start`)", "", ...appSection(report.app)] : []),
    ...(report.firstStart ? ["### First start (`npm start` on a fresh clone)", "", ...firstStartSection(report.firstStart)] : []),
    ...(report.ap
      ? [
          "### Average precision, pushlab vs scikit-learn",
          "",
          `${report.ap.compared} experiments compared; ${report.ap.within1e3} within 1e-3; max |ΔAP| ${report.ap.maxAbsDelta.toExponential(2)}, max |ΔROC-AUC| ${report.ap.maxAbsAucDelta.toExponential(2)}. ` +
            `Largest differences: ${report.ap.worst.slice(0, 5).map((w) => `${w.id} (${w.delta.toExponential(1)})`).join(", ")}.` +
            (report.ap.missing.length ? ` Missing on one side: ${report.ap.missing.join(", ")}.` : ""),
          "",
        ]
      : []),
    "### Per experiment",
    "",
    `scikit-learn: LogisticRegression(tol=${report.sklearn?.settings?.tol ?? "–"}), lbfgs max_iter ${report.sklearn?.settings?.lbfgsMaxIter ?? "–"} for none/L2; ${report.sklearn?.settings?.l1Solver ?? "–"} (max_iter ${report.sklearn?.settings?.sagaMaxIter ?? "–"}, tol ${report.sklearn?.settings?.sagaTol ?? "–"}) for L1${report.sklearn?.settings?.l1Solver === "liblinear" ? ", saga for elastic-net" : " and elastic-net"}. pushlab: defaults (tol 1e-6 on its rescaled objective, maxIter 1000).`,
    "",
    ...perExperimentSection(report),
    `Whole benchmark: ${f(report.totalSeconds / 60, 1)} min. Raw figures: \`${path.relative(ROOT, jsonFile)}\`.`,
  ].join("\n");
  return md;
}


async function main() {
  const reportOnly = opt("report-only");
  if (reportOnly) {
    // Re-render the tables from a saved bench/out/bench-*.json (no measurement).
    const report = JSON.parse(fs.readFileSync(reportOnly, "utf8"));
    const md = renderMarkdown(report, path.resolve(reportOnly));
    process.stdout.write(`\n${md}\n`);
    if (flag("readme")) writeReadme(md);
    return;
  }
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install -y time`);
  fs.mkdirSync(OUT, { recursive: true });
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-bench-"));
  const report = { options: { orders: ORDERS, seed: SEED, l1Solver: L1_SOLVER, sagaMaxIter: Number(SAGA_MAX_ITER), requests: REQUESTS } };
  report.machine = machine();
  report.busy = busyProcesses();
  say(`${report.machine.nproc} × ${report.machine.cpuModel}, ${report.machine.memoryGB} GB, load ${report.machine.loadAvgStart.join(" ")}; node ${report.machine.node}, sklearn ${report.machine.python?.sklearn}; work dir ${WORK}`);

  const dataFile = path.join(OUT, `feature_frame_synthetic_${ORDERS}_${SEED}.csv`);
  report.generate = await stageGenerate(dataFile, `${dataFile}.generate.json`);
  // Hard link the file into the work dir, so the run keeps its data even if bench/out/ is cleaned meanwhile.
  const file = path.join(WORK, path.basename(dataFile));
  try {
    fs.linkSync(dataFile, file);
  } catch {
    fs.copyFileSync(dataFile, file);
  }
  const home = path.join(WORK, "home");
  const jsonFile = path.join(OUT, `bench-${ORDERS}-${SEED}.json`);
  const partialFile = `${jsonFile}.partial`;
  const save = () => fs.writeFileSync(partialFile, `${JSON.stringify(report, null, 1)}\n`); // after every stage
  report.loads = await stageLoads(file, path.join(home, "cache"));
  save();
  report.run = await stageRun(file, home);
  save();
  say(`pushlab run: ${f(report.run.time.wallSeconds, 1)} s wall, peak RSS ${mbs(report.run.time.maxRssMB)}`);
  // A failed optional stage is recorded (report.<name>Error) and the benchmark goes on.
  const optionalStage = async (name, run) => {
    try {
      await run();
    } catch (error) {
      say(`${name} stage failed: ${error.message}`);
      report[`${name}Error`] = error.message;
    }
    save();
  };
  if (!flag("skip-sklearn")) {
    await optionalStage("sklearn", async () => {
      report.sklearn = await stageSklearn(file);
      say(`sklearn: ${f(report.sklearn.time.wallSeconds, 1)} s wall, peak RSS ${mbs(report.sklearn.time.maxRssMB)}`);
      report.ap = compareAp(report.run, report.sklearn);
      say(`AP: ${report.ap.within1e3}/${report.ap.compared} within 1e-3, max |Δ| ${report.ap.maxAbsDelta?.toExponential(2)} (${report.ap.worst[0]?.id})`);
    });
  }
  if (!flag("skip-loss-pass")) {
    await optionalStage("lossPass", async () => {
      const [cmd, args] = tsxNode("bench/loss-pass.ts", "--json");
      const r = await timed("loss-pass", cmd, args, { quietStderr: true });
      report.lossPass = { ...lastJsonLine(r.stdout), time: r.time };
      const p = report.lossPass;
      say(`loss+gradient pass ${p.rows} × ${p.cols}: cpu min ${p.pass.unit.cpuMs.min} ms (floor ${p.floor.cpuMs} ms); L2 chain passes cold ${p.chains.l2.coldTotal}, warm ${p.chains.l2.warmTotal}`);
    });
  }
  if (!flag("skip-evaluation")) {
    await optionalStage("evaluation", async () => {
      const out = execFileSync(process.execPath, ["--import", "tsx", "bench/evaluation-cost.ts", "--file", file, "--cache", path.join(home, "cache"), "--reps", "3"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      report.evaluation = JSON.parse(out.trim().split("\n").at(-1));
      say(`evaluation cost: ${Object.entries(report.evaluation.seconds).map(([k, v]) => `${k} ${v.wall} s wall / ${v.cpu} s CPU`).join("; ")}`);
    });
  }
  if (!flag("skip-predict")) {
    await optionalStage("predict", async () => {
      report.predict = await stagePredict(file, home, { sklearn: !flag("skip-sklearn") });
    });
  }
  if (!flag("skip-app")) {
    await optionalStage("app", async () => {
      report.app = await stageApp(file, home);
    });
  }
  if (!flag("skip-first-start")) {
    await optionalStage("firstStart", async () => {
      report.firstStart = await firstStartTimeline({ orders: ORDERS, seed: SEED, port: PORT + 1, work: path.join(WORK, "first-start") });
      say(`first start: first answer ${f(report.firstStart.first.firstAnswerSeconds, 1)} s, first page ${f(report.firstStart.first.firstPageSeconds, 1)} s, grid done ${f(report.firstStart.first.gridDoneSeconds, 1)} s; second start: first page ${f(report.firstStart.second.firstPageSeconds, 1)} s`);
    });
  }
  report.loadAvgEnd = os.loadavg().map((v) => Number(v.toFixed(2)));
  report.totalSeconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 1)}\n`);
  fs.rmSync(partialFile, { force: true });

  const md = renderMarkdown(report, jsonFile);
  process.stdout.write(`\n${md}\n`);
  if (WRITE_README) writeReadme(md);
  fs.rmSync(WORK, { recursive: true, force: true });
}

main().catch((error) => {
  say(`FAILED: ${error.stack ?? error}`);
  if (WORK) say(`work dir kept for inspection: ${WORK}`);
  process.exitCode = 1;
});
