// Stage: batch scoring. Selects one grid model into the bench workspace's registry and scores the whole
// file with it, `pushlab predict` against bench/sklearn_predict.py (which also compares the outputs).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { f, mbs, ratio } from "./util/numbers.mjs";
import { PYTHON, ROOT, say } from "./util/process.mjs";

export const PREDICT_MODEL = "lr-none-l2-C1e-6-unweighted";

export async function predictStage({ timed, work }, file, home, { sklearn }) {
  const env = { PUSHLAB_HOME: home, PUSHLAB_DATA: file };
  execFileSync(process.execPath, ["bin/pushlab.mjs", "select", PREDICT_MODEL, "--note", "bench"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
  const pushlabOut = path.join(work, "pushlab_predictions.csv");
  const r = await timed("pushlab-predict", process.execPath, ["bin/pushlab.mjs", "predict", file, "--out", pushlabOut], { env });
  const result = { model: PREDICT_MODEL, pushlab: { time: r.time, line: r.stdout.trim().split("\n").pop(), outputBytes: fs.statSync(pushlabOut).size } };
  say(`pushlab predict: ${f(r.time.wallSeconds, 1)} s wall, peak RSS ${mbs(r.time.maxRssMB)}`);
  if (sklearn) {
    const skOut = path.join(work, "sklearn_predictions.csv");
    const json = path.join(work, "sklearn_predict.json");
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

export function predictSection(pr) {
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
