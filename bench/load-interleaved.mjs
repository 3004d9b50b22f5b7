// The cold CSV load three ways as whole processes, interleaved round by round so that each round's
// three runs see about the same machine: pushlab on one thread (bench/load.ts --parallel never), on
// two worker threads (--parallel always), and DuckDB read_csv with 2 threads (bench/duckdb-load.mjs).
// Each run under /usr/bin/time -v (wall, CPU, peak RSS); the load average before each run is kept,
// and the ratios are taken within each round, then their median.
//
//   node bench/load-interleaved.mjs --file F [--rounds 3] [--out bench/out/load-interleaved.json]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { median } from "./stages/util/numbers.mjs";
import { BENCH, OUT, lastJsonLine, processTimer, say, tsxNode } from "./stages/util/process.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const file = arg("file");
if (!file) {
  process.stderr.write("usage: node bench/load-interleaved.mjs --file F [--rounds 3] [--out FILE]\n");
  process.exit(2);
}
const rounds = Number(arg("rounds", "3"));
const outFile = arg("out", path.join(OUT, "load-interleaved.json"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-load-interleaved-"));
const timed = processTimer({ work, stageTimeoutMs: 30 * 60_000 });

const commands = {
  oneThread: () => tsxNode("bench/load.ts", "--file", file, "--cache", "-", "--parallel", "never"),
  twoWorkers: () => tsxNode("bench/load.ts", "--file", file, "--cache", "-", "--parallel", "always"),
  duckdb: () => [process.execPath, [path.join(BENCH, "duckdb-load.mjs"), file, "--threads", "2"]],
};
const runs = [];
try {
  for (let round = 0; round < rounds; round++) {
    // The order turns each round, so no command always runs first (after the idle gap) or last.
    const names = Object.keys(commands);
    const order = names.map((_, k) => names[(k + round) % names.length]);
    for (const name of order) {
      const loadBefore = os.loadavg()[0];
      const [cmd, args] = commands[name]();
      const r = await timed(`${name}-${round + 1}`, cmd, args);
      const printed = lastJsonLine(r.stdout);
      const run = {
        round: round + 1,
        name,
        inProcessSeconds: printed.loadSeconds ?? printed.seconds,
        rows: printed.rows,
        wallSeconds: r.time.wallSeconds,
        cpuSeconds: Number((r.time.userSeconds + r.time.systemSeconds).toFixed(2)),
        maxRssMB: Math.round(r.time.maxRssMB),
        loadBefore: Number(loadBefore.toFixed(2)),
        loadAfter: Number(os.loadavg()[0].toFixed(2)),
      };
      runs.push(run);
      say(JSON.stringify(run));
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const of = (name, round) => runs.find((r) => r.name === name && r.round === round);
const perRound = Array.from({ length: rounds }, (_, k) => {
  const [one, two, duck] = ["oneThread", "twoWorkers", "duckdb"].map((name) => of(name, k + 1));
  return { round: k + 1, twoOverOne: two.wallSeconds / one.wallSeconds, twoOverDuckdb: two.wallSeconds / duck.wallSeconds, oneOverDuckdb: one.wallSeconds / duck.wallSeconds };
});
const summary = Object.fromEntries(
  ["oneThread", "twoWorkers", "duckdb"].map((name) => {
    const mine = runs.filter((r) => r.name === name);
    return [name, { wallSeconds: median(mine.map((r) => r.wallSeconds)), inProcessSeconds: median(mine.map((r) => r.inProcessSeconds)), cpuSeconds: median(mine.map((r) => r.cpuSeconds)), maxRssMB: Math.max(...mine.map((r) => r.maxRssMB)) }];
  }),
);
const ratios = Object.fromEntries(["twoOverOne", "twoOverDuckdb", "oneOverDuckdb"].map((k) => [k, { median: median(perRound.map((r) => r[k])), min: Math.min(...perRound.map((r) => r[k])), max: Math.max(...perRound.map((r) => r[k])) }]));
const loads = runs.map((r) => r.loadBefore);
const result = { file, rounds, summary, ratios, loadAverage: { min: Math.min(...loads), max: Math.max(...loads) }, perRound, runs };
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ summary, ratios, loadAverage: result.loadAverage })}\n`);
