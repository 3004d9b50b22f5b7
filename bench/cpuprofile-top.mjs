#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time and total (inclusive) time per
 * function, top N, with file:line. Used for the explanations in bench/README.md.
 *
 *   node bench/cpuprofile-top.mjs FILE.cpuprofile [--top 25]
 */
import fs from "node:fs";
import path from "node:path";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node bench/cpuprofile-top.mjs FILE.cpuprofile [--top N]\n");
  process.exit(2);
}
const topIndex = process.argv.indexOf("--top");
const TOP = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 25;
const profile = JSON.parse(fs.readFileSync(file, "utf8"));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample counts per node, weighted by the time deltas.
const selfMicros = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const key = (n) => {
  const cf = n.callFrame;
  const where = cf.url ? `${path.basename(cf.url.replace(/^file:\/\//, ""))}:${cf.lineNumber + 1}` : "";
  return `${cf.functionName || "(anonymous)"} ${where}`.trim();
};
const self = new Map();
const inclusive = new Map();
for (const [id, micros] of selfMicros) {
  const k = key(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + micros);
  // Inclusive: every distinct function on the stack gets the sample once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = key(byId.get(cur));
    if (seen.has(kk)) continue;
    seen.add(kk);
    inclusive.set(kk, (inclusive.get(kk) ?? 0) + micros);
  }
}
const show = (title, map) => {
  process.stdout.write(`${title} (of ${(total / 1e6).toFixed(2)} s sampled)\n`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    process.stdout.write(`${(v / 1e6).toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}\n`);
  }
};
show("self time", self);
process.stdout.write("\n");
show("inclusive time", inclusive);
