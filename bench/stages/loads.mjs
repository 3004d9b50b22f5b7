// Stage: loading the file (bench/load.ts), each in a new process: parse only (as loadDataset reads it:
// two worker threads for a large CSV), the same on one thread, cold (parse + Arrow cache), three
// cached reloads with the filter and split, and DuckDB's read_csv as the reference.
import fs from "node:fs";
import path from "node:path";
import { median } from "./util/numbers.mjs";
import { BENCH, lastJsonLine, say, tsxNode } from "./util/process.mjs";

export async function loadsStage({ timed, options }, file, cacheDir) {
  const results = {};
  // 1. parse only (no cache anywhere): loadDataset(file) without cacheDir.
  {
    const [cmd, args] = tsxNode("bench/load.ts", "--file", file, "--cache", "-");
    const r = await timed("parse-only", cmd, args);
    results.parseOnly = { ...lastJsonLine(r.stdout), time: r.time };
  }
  // 1b. the same on one thread (the two-worker read's reference).
  {
    const [cmd, args] = tsxNode("bench/load.ts", "--file", file, "--cache", "-", "--parallel", "never");
    const r = await timed("parse-only-one-thread", cmd, args);
    results.parseOneThread = { ...lastJsonLine(r.stdout), time: r.time };
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
  if (!options.skipDuckdb) {
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
