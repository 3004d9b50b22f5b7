#!/usr/bin/env node
/**
 * `npm run bench`: pushlab side by side with pandas + scikit-learn on the same synthetic feature frame.
 *
 *   npm run bench                          # full size (3446 orders ≈ 2.9M rows, ≈ 0.8 GB); updates bench/README.md
 *   npm run bench -- --orders 300          # quick smaller run (prints the table, does not touch the README)
 *
 * It runs through tsx (`node --import tsx bench/run.mjs`): the pushlab-run stage reads the run's events
 * with the app's own parser (lib/experiments/queue/run-events.ts).
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
 *   --report-only FILE  re-render the tables of a saved bench/out/bench-*.json (with --readme: into bench/README.md)
 *   --scale N           the scale benchmark (bench/scale.mjs) instead of this one
 *
 * Each measured stage is one module of bench/stages/ (its measurement and its section of the tables);
 * bench/report.mjs renders the tables. Every measured process runs under `/usr/bin/time -v` (peak RSS =
 * "Maximum resident set size"). Raw figures go to bench/out/bench-<orders>-<seed>.json; the README's
 * generated section sits between the `<!-- bench:begin -->` and `<!-- bench:end -->` markers, the text
 * around them is kept.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderMarkdown, writeReadme } from "./report.mjs";
import { appStage } from "./stages/app.mjs";
import { evaluationStage } from "./stages/evaluation.mjs";
import { firstStartStage } from "./stages/first-start.mjs";
import { generateStage } from "./stages/generate.mjs";
import { loadsStage } from "./stages/loads.mjs";
import { lossPassStage } from "./stages/loss-pass.mjs";
import { predictStage } from "./stages/predict.mjs";
import { pushlabRunStage } from "./stages/pushlab-run.mjs";
import { compareAp, sklearnStage } from "./stages/sklearn.mjs";
import { busyProcesses, machine } from "./stages/util/machine.mjs";
import { killRunningOnSignal, OUT, processTimer, say, secondsSinceStart, TIME } from "./stages/util/process.mjs";

// `npm run bench -- --scale N`: the scale benchmark (bench/scale.mjs) instead of the side-by-side run.
if (process.argv.includes("--scale")) {
  await import("./scale.mjs");
  process.exit(process.exitCode ?? 0);
}

// ------------------------------------------------------------------ arguments

const argv = process.argv.slice(2);
function opt(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}
const flag = (name) => argv.includes(`--${name}`);
const options = {
  orders: Number(opt("orders", 3446)),
  seed: Number(opt("seed", 42)),
  requests: Number(opt("requests", 20)),
  port: Number(opt("port", 3400)),
  stageTimeoutMs: Number(opt("stage-timeout", 5400)) * 1000,
  l1Solver: opt("l1-solver", "liblinear"),
  sagaMaxIter: opt("saga-max-iter", "1000"),
  regenerate: flag("regenerate"),
  skipDuckdb: flag("skip-duckdb"),
  useExistingBuild: flag("use-existing-build"),
};
for (const name of ["orders", "seed", "requests", "port"]) {
  if (!Number.isInteger(options[name]) || options[name] <= 0) throw new Error(`--${name} must be a positive integer`);
}
const FULL = options.orders === 3446 && options.seed === 42;
const WRITE_README = flag("readme") || (FULL && !flag("no-readme"));

let WORK; // temporary workspace of this run
killRunningOnSignal(() => WORK);

// ------------------------------------------------------------------ main

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
  const ctx = { work: WORK, options, timed: processTimer({ work: WORK, stageTimeoutMs: options.stageTimeoutMs }) };
  const { orders, seed } = options;
  const report = { options: { orders, seed, l1Solver: options.l1Solver, sagaMaxIter: Number(options.sagaMaxIter), requests: options.requests } };
  report.machine = machine();
  report.busy = busyProcesses();
  say(`${report.machine.nproc} × ${report.machine.cpuModel}, ${report.machine.memoryGB} GB, load ${report.machine.loadAvgStart.join(" ")}; node ${report.machine.node}, sklearn ${report.machine.python?.sklearn}; work dir ${WORK}`);

  const dataFile = path.join(OUT, `feature_frame_synthetic_${orders}_${seed}.csv`);
  report.generate = await generateStage(ctx, dataFile, `${dataFile}.generate.json`);
  // Hard link the file into the work dir, so the run keeps its data even if bench/out/ is cleaned meanwhile.
  const file = path.join(WORK, path.basename(dataFile));
  try {
    fs.linkSync(dataFile, file);
  } catch {
    fs.copyFileSync(dataFile, file);
  }
  const home = path.join(WORK, "home");
  const cacheDir = path.join(home, "cache");
  const jsonFile = path.join(OUT, `bench-${orders}-${seed}.json`);
  const partialFile = `${jsonFile}.partial`;
  const save = () => fs.writeFileSync(partialFile, `${JSON.stringify(report, null, 1)}\n`); // after every stage
  report.loads = await loadsStage(ctx, file, cacheDir);
  save();
  report.run = await pushlabRunStage(ctx, file, home);
  save();
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
      report.sklearn = await sklearnStage(ctx, file);
      report.ap = compareAp(report.run, report.sklearn);
    });
  }
  if (!flag("skip-loss-pass")) await optionalStage("lossPass", async () => (report.lossPass = await lossPassStage(ctx)));
  if (!flag("skip-evaluation")) await optionalStage("evaluation", async () => (report.evaluation = evaluationStage(file, cacheDir)));
  if (!flag("skip-predict")) await optionalStage("predict", async () => (report.predict = await predictStage(ctx, file, home, { sklearn: !flag("skip-sklearn") })));
  if (!flag("skip-app")) await optionalStage("app", async () => (report.app = await appStage(ctx, file, home)));
  if (!flag("skip-first-start")) await optionalStage("firstStart", async () => (report.firstStart = await firstStartStage(ctx)));
  report.loadAvgEnd = os.loadavg().map((v) => Number(v.toFixed(2)));
  report.totalSeconds = secondsSinceStart();
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
