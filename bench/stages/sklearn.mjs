// Stage: the same grid in pandas + scikit-learn (bench/sklearn_grid.py), and how far its average
// precision is from pushlab's, experiment by experiment.
import fs from "node:fs";
import path from "node:path";
import { f, mbs } from "./util/numbers.mjs";
import { PYTHON, say } from "./util/process.mjs";

export async function sklearnStage({ timed, work, options }, file) {
  const out = path.join(work, "sklearn.json");
  const args = ["bench/sklearn_grid.py", "--data", file, "--out", out, "--l1-solver", options.l1Solver, "--saga-max-iter", options.sagaMaxIter];
  const r = await timed("sklearn", PYTHON, args, { env: { PYTHONUNBUFFERED: "1" } });
  const result = { ...JSON.parse(fs.readFileSync(out, "utf8")), time: r.time };
  say(`sklearn: ${f(result.time.wallSeconds, 1)} s wall, peak RSS ${mbs(result.time.maxRssMB)}`);
  return result;
}

/** pushlab's validation AP and ROC-AUC against scikit-learn's for every experiment both ran. */
export function compareAp(run, sk) {
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
  const ap = {
    compared: pairs.length,
    missing,
    maxAbsDelta: pairs.length ? Math.abs(pairs[0].delta) : null,
    maxAbsAucDelta: pairs.length ? Math.max(...pairs.map((p) => Math.abs(p.aucDelta))) : null,
    within1e3: pairs.filter((p) => Math.abs(p.delta) <= 1e-3).length,
    worst: pairs.slice(0, 8),
    pairs,
  };
  say(`AP: ${ap.within1e3}/${ap.compared} within 1e-3, max |Δ| ${ap.maxAbsDelta?.toExponential(2)} (${ap.worst[0]?.id})`);
  return ap;
}

export function apSection(ap) {
  return [
    `${ap.compared} experiments compared; ${ap.within1e3} within 1e-3; max |ΔAP| ${ap.maxAbsDelta.toExponential(2)}, max |ΔROC-AUC| ${ap.maxAbsAucDelta.toExponential(2)}. ` +
      `Largest differences: ${ap.worst.slice(0, 5).map((w) => `${w.id} (${w.delta.toExponential(1)})`).join(", ")}.` +
      (ap.missing.length ? ` Missing on one side: ${ap.missing.join(", ")}.` : ""),
    "",
  ];
}
