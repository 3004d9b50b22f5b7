/**
 * GET /api/campaign on the full-size file: the handler's answer time for the largest product type.
 *
 *   npx tsx bench/campaign.ts --home DIR --predictions FILE_predictions.csv [--repeat 5]
 *
 * The workspace DIR must hold the registry version that scored FILE (its scoring report sits beside
 * it, as `pushlab predict` writes it). Publishing the set (`pushlab candidates publish`) is timed once,
 * then the handler (lib/campaign/campaign-api.ts, what app/api/campaign/route.ts calls) answers in this
 * process: each request reads the product type's range of the set from disk, so the first request is
 * timed on its own (a fresh process, nothing cached in memory) and then --repeat more. One JSON line out.
 */
import fs from "node:fs";
import path from "node:path";
import { campaignApi } from "../lib/campaign/campaign-api";
import { publishCandidates, readCandidateSet, readScoredCandidates } from "../lib/campaign/candidates-store";
import { resolveWorkspace } from "../lib/workspace";
import { arg } from "./harness";

const home = path.resolve(arg("home") ?? "bench/out/home-scoring");
const predictions = path.resolve(arg("predictions") ?? path.join(home, "predictions.csv"));
const repeat = Number(arg("repeat") ?? 5);
const ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: home });
const version = JSON.parse(fs.readFileSync(predictions.replace(/\.csv$/, ".scoring-report.json"), "utf8")).version as string;

let started = performance.now();
const scored = readScoredCandidates(predictions);
const readSeconds = (performance.now() - started) / 1000;
started = performance.now();
publishCandidates(ws.candidatesDir, "bench", scored, { version, source: predictions });
const publishSeconds = (performance.now() - started) / 1000;
const set = readCandidateSet(ws.candidatesDir, "bench")!;
const largest = [...set.productTypes].sort((a, b) => b.end - b.start - (a.end - a.start))[0];

function time(params: Record<string, string>): { ms: number; customers: number; status: number } {
  const t = performance.now();
  const answer = campaignApi(ws, new URLSearchParams({ candidates: "bench", product_type: largest.name, ...params }));
  const ms = performance.now() - t;
  return { ms, customers: (answer.body as { customers?: number }).customers ?? -1, status: answer.status };
}

const first = time({ budget: "1000" });
const budget = Array.from({ length: repeat }, () => time({ budget: "1000" }));
const everyone = Array.from({ length: repeat }, () => time({ threshold: "0" }));
console.log(
  JSON.stringify({
    rows: set.rows,
    productTypes: set.productTypes.length,
    largest: { name: largest.name, rows: largest.end - largest.start },
    readPredictionsSeconds: readSeconds,
    publishSeconds,
    firstRequestMs: first.ms,
    budget1000Ms: budget.map((r) => r.ms),
    wholeProductMs: everyone.map((r) => r.ms),
    wholeProductCustomers: everyone[0].customers,
    statuses: [first, ...budget, ...everyone].map((r) => r.status),
  }),
);
