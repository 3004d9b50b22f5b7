// Stage: the first-start timeline (bench/first-start.mjs): `pushlab serve` on a copy of the sources
// without a build and an empty workspace, then a second start on the same folders.
import path from "node:path";
import { firstStartTimeline } from "../first-start.mjs";
import { f } from "./util/numbers.mjs";
import { say } from "./util/process.mjs";

export async function firstStartStage({ work, options }) {
  const result = await firstStartTimeline({ orders: options.orders, seed: options.seed, port: options.port + 1, work: path.join(work, "first-start") });
  say(`first start: first answer ${f(result.first.firstAnswerSeconds, 1)} s, first page ${f(result.first.firstPageSeconds, 1)} s, grid done ${f(result.first.gridDoneSeconds, 1)} s; second start: first page ${f(result.second.firstPageSeconds, 1)} s`);
  return result;
}

export function firstStartSection(fs) {
  const row = (name, s) => `| ${name} | ${f(s.firstAnswerSeconds, 1)} | ${f(s.firstPageSeconds, 1)} | ${f(s.gridDoneSeconds, 1)} |`;
  return [
    `\`pushlab serve\` on a copy of the sources without a build and with an empty workspace (${fs.orders} orders, seed ${fs.seed}), then a second start on the same folders; seconds from the start. Load average ${fs.loadAvg.join(" / ")} at the end.`,
    "",
    "| start | first answer (building page) s | first page (`GET /` 200) s | grid done (`/api/status` 200) s |",
    "|---|---:|---:|---:|",
    row("first (no build, no data)", fs.first),
    row("second (build and results current)", fs.second),
    "",
    `The first start's log: ${fs.first.stages.map((s) => `${f(s.at, 1)} s ${s.line}`).join("; ")}.`,
    "",
  ];
}
