// Stage: one loss+gradient pass against its floor and the passes per fit, cold against warm-started
// chains along C (bench/loss-pass.ts on a 1.5M × 20 synthetic matrix).
import { f } from "./util/numbers.mjs";
import { lastJsonLine, say, tsxNode } from "./util/process.mjs";

export async function lossPassStage({ timed }) {
  const [cmd, args] = tsxNode("bench/loss-pass.ts", "--json");
  const r = await timed("loss-pass", cmd, args, { quietStderr: true });
  const p = { ...lastJsonLine(r.stdout), time: r.time };
  say(`loss+gradient pass ${p.rows} × ${p.cols}: cpu min ${p.pass.unit.cpuMs.min} ms (floor ${p.floor.cpuMs} ms); L2 chain passes cold ${p.chains.l2.coldTotal}, warm ${p.chains.l2.warmTotal}`);
  return p;
}

export function lossPassSection(p) {
  const ms = (m) => `${f(m.min, 1)} / ${f(m.median, 1)}`;
  return [
    `Synthetic ${p.rows.toLocaleString("en")} × ${p.cols}, ${p.reps} repetitions after 3 warm-up calls; milliseconds min / median. The floor is a streaming read of the matrix plus one Math.exp and one Math.log1p per row, each timed alone.`,
    "",
    "| what | cpu ms | wall ms |",
    "|---|---:|---:|",
    `| fused loss+gradient pass, unit weights | ${ms(p.pass.unit.cpuMs)} | ${ms(p.pass.unit.wallMs)} |`,
    `| same, with a weight array (class weights) | ${ms(p.pass.weighted.cpuMs)} | ${ms(p.pass.weighted.wallMs)} |`,
    `| floor: read of the matrix + exp and log1p per row | ${f(p.floor.read.cpuMs.min, 1)} + ${f(p.floor.transcendental.cpuMs.min, 1)} = ${f(p.floor.cpuMs, 1)} | |`,
    "",
    "| passes per fit | cold (each from zeros) | warm-start chain |",
    "|---|---|---|",
    `| L2 C = 1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, then none | ${p.chains.l2.cold.join(", ")} (${p.chains.l2.coldTotal}) | ${p.chains.l2.warm.join(", ")} (${p.chains.l2.warmTotal}) |`,
    `| L1 C = 1e-4, 1e-2, 1 | ${p.chains.l1.cold.join(", ")} (${p.chains.l1.coldTotal}) | ${p.chains.l1.warm.join(", ")} (${p.chains.l1.warmTotal}) |`,
    "",
  ];
}
