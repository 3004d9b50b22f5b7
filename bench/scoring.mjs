#!/usr/bin/env node
// Scoring-side benchmark (issues 6, 8, 9): predict on the full file, the regularization path, and
// POST /api/predict latency under load from a second process (autocannon) on loopback.
// Usage: node bench/scoring.mjs [--data FILE] [--home DIR] [--seconds 10] [--connections 10]
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") && a !== "--api-only" ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const root = path.resolve(import.meta.dirname, "..");
const data = path.resolve(args.data ?? path.join(root, "bench/out/feature_frame_synthetic_3446_42.csv"));
const home = path.resolve(args.home ?? path.join(root, "bench/out/home-scoring"));
const seconds = Number(args.seconds ?? 10);
const connections = Number(args.connections ?? 10);
const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: data };
const cli = (...a) => execFileSync(process.execPath, [path.join(root, "bin/pushlab.mjs"), ...a], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

function timed(label, fn) {
  const t = performance.now();
  const out = fn();
  const s = (performance.now() - t) / 1000;
  console.error(`${label}: ${s.toFixed(2)} s`);
  return { seconds: s, out };
}

if (!fs.existsSync(data)) throw new Error(`no data file ${data}: run npm run bench (it generates it) or pass --data`);
const apiOnly = process.argv.includes("--api-only");
const model = "lr-none-l2-C1e-6-unweighted";
if (!apiOnly) {
timed("run one experiment", () => cli("run", "--id", model));
timed("select", () => cli("select", model, "--note", "bench"));
const predictOut = path.join(home, "predictions.csv");
const predictStarted = performance.now();
const predictRun = spawn("/usr/bin/time", ["-v", process.execPath, path.join(root, "bin/pushlab.mjs"), "predict", data, "--out", predictOut], { env });
let predictStdout = "";
let predictStderr = "";
predictRun.stdout.on("data", (c) => (predictStdout += c));
predictRun.stderr.on("data", (c) => (predictStderr += c));
const predictCode = await new Promise((r) => predictRun.on("exit", r));
if (predictCode !== 0) throw new Error(`predict failed: ${predictStderr}`);
const predict = { seconds: (performance.now() - predictStarted) / 1000, out: predictStdout };
const predictRss = Number((predictStderr.match(/Maximum resident set size \(kbytes\): (\d+)/) ?? [])[1]) / 1024;
console.error(`predict full file: ${predict.seconds.toFixed(2)} s, peak RSS ${predictRss.toFixed(0)} MB`);
const predictLine = predict.out.trim();
fs.rmSync(predictOut, { force: true });

var pathRun = timed("30-point L2 path (none encoding)", () => cli("path", "--encoding", "none", "--penalty", "l2"));
var predictRssOut = predictRss;
var predictOutLine = predictLine;
var predictSeconds = predict.seconds;
}

// API load: a production server on loopback, 100-row requests from autocannon in this process.
const port = 3410;
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore", detached: true });
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/models/active`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 300));
  }
  const head = Buffer.alloc(200_000);
  const fd = fs.openSync(data, "r");
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const header = head.toString("utf8").split("\n");
  const names = header[0].split(",");
  const rows = header.slice(1, 101).map((line) => {
    const values = line.split(",");
    const row = {};
    names.forEach((n, j) => {
      if (n === "outcome") return;
      row[n] = ["product_type", "vendor", "created_at", "order_date"].includes(n) ? values[j] : Number(values[j]);
    });
    return row;
  });
  const body = JSON.stringify({ rows });
  const warm = await fetch(`http://127.0.0.1:${port}/api/predict`, { method: "POST", headers: { "content-type": "application/json" }, body });
  if (!warm.ok) throw new Error(`warm-up request failed: ${warm.status} ${await warm.text()}`);
  const result = await autocannon({ url: `http://127.0.0.1:${port}/api/predict`, method: "POST", headers: { "content-type": "application/json" }, body, connections, duration: seconds });
  const summary = {
    machine: { nproc: (await import("node:os")).cpus().length, load: (await import("node:os")).loadavg() },
    predict: apiOnly ? null : { seconds: predictSeconds, peakRssMB: predictRssOut, line: predictOutLine },
    path: apiOnly ? null : { seconds: pathRun.seconds, line: pathRun.out.trim() },
    api: {
      rowsPerRequest: rows.length,
      connections,
      seconds,
      requests: result.requests.total,
      throughputPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
    },
  };
  fs.writeFileSync(path.join(root, "bench/out/scoring.json"), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
} finally {
  process.kill(-server.pid, "SIGTERM");
}
