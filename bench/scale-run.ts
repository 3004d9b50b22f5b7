/**
 * The 17-configuration run of `npm run bench -- --scale N` (bench/scale.mjs), in one process like
 * `pushlab run`: load (parse + validate, no cache; two worker threads, as the CLI), filter + split, the runner with its worker threads,
 * then `selectModel` of the best validation AP so `pushlab predict` has a model. Prints one JSON line
 * with the seconds and the peak RSS so far (VmHWM; the worker threads share the process) after each stage.
 *
 *   node --import tsx bench/scale-run.ts --file F --home DIR
 */
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData } from "../lib/data/dataset";
import { expandDefinition, type ExperimentDefinition } from "../lib/experiments/definitions/definition";
import { runExperiments } from "../lib/experiments/running/runner";
import { selectModel } from "../lib/registry/registry";

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) throw new Error(`usage: bench/scale-run.ts --file F --home DIR (missing --${name})`);
  return process.argv[i + 1];
}
const file = arg("file");
const home = arg("home");

/** The 17 configurations, shared with scikit-learn's side of the side-by-side stage (bench/scale.mjs). */
export const SCALE_DEFINITION = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "seventeen-configurations.json"), "utf8")) as ExperimentDefinition;

const peakMB = () => {
  const m = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : null;
};
const stages: { stage: string; seconds: number; peakMB: number | null }[] = [];
let last = performance.now();
const mark = (stage: string) => {
  const now = performance.now();
  stages.push({ stage, seconds: (now - last) / 1000, peakMB: peakMB() });
  process.stderr.write(`[scale-run] ${stage}: ${((now - last) / 1000).toFixed(1)} s, peak RSS ${peakMB()} MB\n`);
  last = now;
};

const specs = expandDefinition(SCALE_DEFINITION);
if (specs.length !== 17) throw new Error(`expected 17 configurations, got ${specs.length}`);
// As `pushlab run` reads it: on two worker threads when the file is large (parallel "auto").
const { frame } = await loadDataset(file, { parallel: "auto" });
mark("load (parse + validate)");
// Compacted in place (dataset.ts): `frame` is from here on the compacted frame.
const data = prepareData(frame, { compact: true });
mark("filter + split, summary, compaction");
const resultsDir = path.join(home, "results");
fs.mkdirSync(resultsDir, { recursive: true });
const aps: Record<string, number> = {};
let group = "";
const summary = await runExperiments({
  resultsDir,
  data,
  specs,
  force: true,
  onEvent: (event) => {
    if (event.type === "features") {
      if (group) mark(`group ${group}`);
      else mark("baseline");
      group = `${event.encoding} (${event.experiments} fits)`;
    }
    if (event.type === "done") aps[event.id] = event.result.validation.averagePrecision;
    if (event.type === "failed") process.stderr.write(`[scale-run] FAILED ${event.id}: ${event.message}\n`);
  },
});
mark(`group ${group}`);
const best = Object.entries(aps)
  .filter(([id]) => id.startsWith("lr-"))
  .sort((a, b) => b[1] - a[1])[0][0];
const entry = await selectModel(path.join(home, "registry"), resultsDir, data, { experimentId: best, note: null, refit: false, actor: "bench" });
mark("select (validation + test scores)");
process.stdout.write(
  `${JSON.stringify({
    rows: data.summary!.rows,
    compactedRows: data.frame.rowCount,
    trainRows: data.split.rows.train.length,
    validationRows: data.split.rows.validation.length,
    ran: summary.ran.length,
    failed: summary.failed,
    stages,
    selected: { id: best, version: entry.version },
    averagePrecision: aps,
  })}\n`,
);
