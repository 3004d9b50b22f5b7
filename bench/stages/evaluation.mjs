// Stage: what evaluating one experiment costs (bench/evaluation-cost.ts on the bench's cached file:
// the runner's replicates, a 2,000-replicate verdict, the test intervals, training-row passes).
import { execFileSync } from "node:child_process";
import { ROOT, say } from "./util/process.mjs";

export function evaluationStage(file, cacheDir) {
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/evaluation-cost.ts", "--file", file, "--cache", cacheDir, "--reps", "3"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const evaluation = JSON.parse(out.trim().split("\n").at(-1));
  say(`evaluation cost: ${Object.entries(evaluation.seconds).map(([k, v]) => `${k} ${v.wall} s wall / ${v.cpu} s CPU`).join("; ")}`);
  return evaluation;
}

export function evaluationSection(evaluation) {
  return [
    "| what | wall s | CPU s |",
    "|---|---:|---:|",
    ...Object.entries(evaluation.seconds).map(([k, v]) => `| ${k} | ${v.wall} | ${v.cpu} |`),
    "",
    `Rows: ${Object.entries(evaluation.rows).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", ")}; load average ${evaluation.loadAverage.before.join(" / ")} before, ${evaluation.loadAverage.after.join(" / ")} after.`,
    "",
  ];
}
