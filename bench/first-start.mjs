// The first-start timeline: `pushlab serve` in a copy of the sources without a build (as a fresh
// clone after `npm ci`) and with an empty PUSHLAB_HOME, so it builds, serves, and generates, loads and
// runs the default grid behind the app. Records when the first page answers, when /api/status says the
// grid is done, and the log's stage lines with their times; then a second start on the same folders.
//
//   node bench/first-start.mjs [--orders N] [--seed S] [--port P] [--keep]
//
// Prints JSON (also written to bench/out/first-start-<orders>-<seed>.json).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processGroupStopper, ROOT } from "./stages/util/process.mjs";

/** A copy of the sources a clone would have (no .next, no workspace), node_modules hard-linked. */
export function freshCopy(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    if (!fs.existsSync(path.join(ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  // Turbopack does not follow a node_modules symlink out of the project: a real folder of hard links.
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
}

async function get(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** One `pushlab serve`: seconds to the first answer on the port (the building page, 503), to the first page (GET / answers 200) and to the grid done (/api/status 200). */
export async function timedStart({ appDir, home, port, env = {}, gridTimeoutMs = 3_600_000 }) {
  const started = performance.now();
  const at = () => (performance.now() - started) / 1000;
  const stages = [];
  const server = spawn(process.execPath, [path.join(appDir, "bin", "pushlab.mjs"), "serve", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PUSHLAB_HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let buffer = "";
  const onData = (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.startsWith("pushlab: ")) {
        stages.push({ at: Number(at().toFixed(1)), line: line.slice(9) });
        process.stderr.write(`[first-start ${at().toFixed(1)} s] ${line.slice(9)}\n`);
      }
    }
  };
  server.stdout.on("data", onData);
  server.stderr.on("data", onData);
  const stop = processGroupStopper(server);
  try {
    const base = `http://127.0.0.1:${port}`;
    let firstAnswer = null;
    let firstPage = null;
    let gridDone = null;
    while (gridDone === null && at() * 1000 < gridTimeoutMs) {
      if (server.exitCode !== null) throw new Error(`pushlab serve exited (${server.exitCode}): ${stages.slice(-3).map((s) => s.line).join(" | ")}`);
      const root = firstPage === null ? await get(`${base}/`) : 200;
      if (firstAnswer === null && root !== 0) {
        firstAnswer = at();
        process.stderr.write(`[first-start ${firstAnswer.toFixed(1)} s] first answer (GET / ${root})\n`);
      }
      if (firstPage === null && root === 200) {
        firstPage = at();
        process.stderr.write(`[first-start ${firstPage.toFixed(1)} s] first page (GET / 200)\n`);
      }
      if (firstPage !== null && (await get(`${base}/api/status`)) === 200) gridDone = at();
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { firstAnswerSeconds: firstAnswer, firstPageSeconds: firstPage, gridDoneSeconds: gridDone, stages };
  } finally {
    await stop();
  }
}

export async function firstStartTimeline({ orders, seed, port, work }) {
  const appDir = path.join(work, "clone");
  const home = path.join(work, "home");
  freshCopy(appDir);
  const env = { PUSHLAB_SYNTHETIC_ORDERS: String(orders), PUSHLAB_SYNTHETIC_SEED: String(seed) };
  const first = await timedStart({ appDir, home, port, env });
  const second = await timedStart({ appDir, home, port, env });
  return { orders, seed, loadAvg: os.loadavg().map((v) => Number(v.toFixed(2))), first, second };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
  const orders = Number(opt("orders", 3446));
  const seed = Number(opt("seed", 42));
  const port = Number(opt("port", 3401));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-first-start-"));
  try {
    const result = await firstStartTimeline({ orders, seed, port, work });
    fs.mkdirSync(path.join(ROOT, "bench", "out"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench", "out", `first-start-${orders}-${seed}.json`), `${JSON.stringify(result, null, 1)}\n`);
    console.log(JSON.stringify(result, null, 1));
  } finally {
    if (!argv.includes("--keep")) fs.rmSync(work, { recursive: true, force: true });
  }
}
