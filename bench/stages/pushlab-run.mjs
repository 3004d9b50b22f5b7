// Stage: the whole grid, `pushlab run --force --json-events`, timed from its run events (data, the
// baseline, each encoding group) with its peak RSS per phase; per-experiment seconds from the stored
// results, and the results table (`pushlab results --json`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseRunEvent } from "../../lib/experiments/queue/run-events.ts";
import { f, mbs } from "./util/numbers.mjs";
import { ROOT, say } from "./util/process.mjs";

export async function pushlabRunStage({ timed }, file, home) {
  const events = [];
  let lastReport = 0;
  let phase = "data";
  const rssByPhase = {};
  const r = await timed("pushlab-run", process.execPath, ["bin/pushlab.mjs", "run", "--force", "--json-events"], {
    env: { PUSHLAB_HOME: home, PUSHLAB_DATA: file },
    onRss: (mb) => {
      rssByPhase[phase] = Math.max(rssByPhase[phase] ?? 0, mb);
    },
    onLine: (line, at) => {
      const event = parseRunEvent(line);
      if (!event || event.type === "progress") return;
      events.push({ at, ...event });
      if (event.type === "plan") phase = "baseline";
      if (event.type === "features") phase = event.encoding;
      if (event.type === "features") say(`pushlab run: features ${event.encoding} (${event.experiments} experiments)`);
      if ((event.type === "done" || event.type === "failed") && (performance.now() - lastReport > 20000 || event.index === event.total)) {
        lastReport = performance.now();
        say(`pushlab run: ${event.index}/${event.total} ${event.id}${event.type === "failed" ? " FAILED" : ""}`);
      }
    },
  });
  const plan = events.find((e) => e.type === "plan");
  // The run's first stage of its own (loading data), not an experiment's (evaluating): a load that
  // reports no progress (a small cached file) announces none, and then the data time is not measured.
  const start = events.find((e) => e.type === "stage" && !e.id && e.at <= plan.at)?.at ?? null;
  const feats = events.filter((e) => e.type === "features");
  const dones = events.filter((e) => e.type === "done" || e.type === "failed");
  const end = dones.length ? dones[dones.length - 1].at : plan.at;
  const groups = feats.map((f, k) => ({ encoding: f.encoding, experiments: f.experiments, start: f.at, end: k + 1 < feats.length ? feats[k + 1].at : end }));
  // Per-experiment details from the stored result files (features / fit / evaluate seconds, iterations).
  const resultsDir = path.join(home, "results");
  const details = {};
  for (const name of fs.readdirSync(resultsDir)) {
    if (!name.endsWith(".json")) continue;
    try {
      const res = JSON.parse(fs.readFileSync(path.join(resultsDir, name), "utf8"));
      if (!res.id || !res.seconds) continue;
      details[res.id] = { seconds: res.seconds, iterations: res.fit?.iterations ?? null, converged: res.fit?.converged ?? null };
    } catch {}
  }
  for (const g of groups) {
    const ids = Object.entries(details).filter(([id]) => id.startsWith(`lr-${g.encoding}-`));
    g.featureSeconds = ids.length ? ids[0][1].seconds.features : null;
    g.wallSeconds = (g.end - g.start) / 1000;
  }
  const resultsJson = execFileSync(process.execPath, ["bin/pushlab.mjs", "results", "--json"], {
    cwd: ROOT,
    env: { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: file },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const rows = JSON.parse(resultsJson);
  say(`pushlab run: ${f(r.time.wallSeconds, 1)} s wall, peak RSS ${mbs(r.time.maxRssMB)}`);
  return {
    time: r.time,
    dataSeconds: start !== null ? (plan.at - start) / 1000 : null,
    baselineSeconds: feats.length && plan ? (feats[0].at - plan.at) / 1000 : null,
    fitsWallSeconds: feats.length ? (end - feats[0].at) / 1000 : null,
    eventsWallSeconds: (end - (start ?? plan.at)) / 1000,
    groups: groups.map(({ start: _s, end: _e, ...g }) => g),
    rssByPhaseMB: rssByPhase,
    rows,
    details,
  };
}

/** The per-experiment table: pushlab's and scikit-learn's fit seconds, iterations and metrics side by side. */
export function perExperimentSection(r) {
  const lines = [];
  const sk = r.sklearn;
  const skById = new Map((sk?.experiments ?? []).map((e) => [e.id, e]));
  lines.push("| experiment | pushlab fit s | iter | sklearn fit s | solver, iter | AP pushlab | AP sklearn | ΔAP | ΔROC-AUC |");
  lines.push("|---|---:|---:|---:|---|---:|---:|---:|---:|");
  const ids = r.run.rows.map((row) => row.id).sort();
  for (const id of ids) {
    const row = r.run.rows.find((x) => x.id === id);
    const d = r.run.details[id];
    const s = skById.get(id);
    lines.push(
      `| ${id} | ${f(d?.seconds.fit)} | ${d?.iterations ?? "–"}${d?.converged === false ? " (not converged)" : ""} | ${s ? f(s.fitSeconds) : "–"} | ${s?.solver ? `${s.solver}, ${s.iterations}${s.converged ? "" : " (not converged)"}` : "–"} | ` +
        `${row.validation.averagePrecision.toFixed(5)} | ${s ? s.averagePrecision.toFixed(5) : "–"} | ${s ? (row.validation.averagePrecision - s.averagePrecision).toExponential(1) : "–"} | ${s ? (row.validation.rocAuc - s.rocAuc).toExponential(1) : "–"} |`,
    );
  }
  lines.push("");
  return lines;
}
