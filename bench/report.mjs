// The tables of `npm run bench`: the machine and data, the stages side by side with pandas +
// scikit-learn, the targets, and each stage's own section (from its module in bench/stages/).
import fs from "node:fs";
import path from "node:path";
import { appSection } from "./stages/app.mjs";
import { evaluationSection } from "./stages/evaluation.mjs";
import { firstStartSection } from "./stages/first-start.mjs";
import { lossPassSection } from "./stages/loss-pass.mjs";
import { predictSection } from "./stages/predict.mjs";
import { perExperimentSection } from "./stages/pushlab-run.mjs";
import { apSection } from "./stages/sklearn.mjs";
import { f, mbs, median, ratio, sum } from "./stages/util/numbers.mjs";
import { BENCH, ROOT, say } from "./stages/util/process.mjs";

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
  const pushlabGrid = run.eventsWallSeconds - (run.dataSeconds ?? 0);

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
  if (L.parseOneThread) lines.push(`| same on one thread (\`--parallel never\`); the ratio is two workers ÷ one thread | ${f(L.parseOneThread.loadSeconds)} | | ${ratio(L.parseOnly.loadSeconds, L.parseOneThread.loadSeconds)} | ${mbs(L.parseOneThread.time.maxRssMB)} | |`);
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

/** The generated section of bench/README.md from a report (what bench/out/bench-<orders>-<seed>.json holds). */
export function renderMarkdown(report, jsonFile) {
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
    ...(report.evaluation ? ["### Evaluation cost per experiment (`bench/evaluation-cost.ts`, median of 3, one thread)", "", ...evaluationSection(report.evaluation)] : []),
    "### Targets",
    "",
    ...targetsSection(report, main),
    ...(report.app ? ["### Pages (`next start`)", "", ...appSection(report.app, report.options.requests)] : []),
    ...(report.firstStart ? ["### First start (`npm start` on a fresh clone)", "", ...firstStartSection(report.firstStart)] : []),
    ...(report.ap ? ["### Average precision, pushlab vs scikit-learn", "", ...apSection(report.ap)] : []),
    "### Per experiment",
    "",
    `scikit-learn: LogisticRegression(tol=${report.sklearn?.settings?.tol ?? "–"}), lbfgs max_iter ${report.sklearn?.settings?.lbfgsMaxIter ?? "–"} for none/L2; ${report.sklearn?.settings?.l1Solver ?? "–"} (max_iter ${report.sklearn?.settings?.sagaMaxIter ?? "–"}, tol ${report.sklearn?.settings?.sagaTol ?? "–"}) for L1${report.sklearn?.settings?.l1Solver === "liblinear" ? ", saga for elastic-net" : " and elastic-net"}. pushlab: defaults (tol 1e-6 on its rescaled objective, maxIter 1000).`,
    "",
    ...perExperimentSection(report),
    `Whole benchmark: ${f(report.totalSeconds / 60, 1)} min. Raw figures: \`${path.relative(ROOT, jsonFile)}\`.`,
  ].join("\n");
  return md;
}

/** Replaces the generated section of bench/README.md (between the markers), keeping the text around it. */
export function writeReadme(markdown) {
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
