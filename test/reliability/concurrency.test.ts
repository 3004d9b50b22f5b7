/**
 * Issue 8, part 3: selections AND activations at once, from CLI child processes and from the library
 * in this process (test/registry/registry.test.ts covers parallel selections only). Afterwards the
 * registry must read as if the actions had run one after another: history.jsonl holds exactly one
 * line per action, chained (each line's `previous` is the line before's version), the index's active
 * pointer is the last action's version and loads, and every version folder it names is complete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { readRegistryIndex } from "../../lib/registry/index-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { activateVersion, loadModel, readHistory, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { tempDir } from "../helpers/feature-frame-csv";
import { makeModelWorkspace, runCli, seededRandom, SPECS, type ModelWorkspace } from "./harness";

const WRITERS_PER_KIND = 3; // × {CLI, library} × {select, activate} = 12 parallel actions
const root = tempDir("pushlab-concurrency-");
let mw: ModelWorkspace;
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  mw = await makeModelWorkspace(path.join(root, "ws"), 17, 2);
}, 180_000);

describe("parallel selections and activations (CLI processes and the library at once)", () => {
  it("serialize: one history line per action, a valid active pointer, complete versions", async () => {
    const { ws, data, vars, versions } = mw;
    const before = readHistory(ws.registryDir).length;
    const actions: { reason: string; kind: "select" | "activate"; run: () => Promise<unknown> }[] = [];
    for (let k = 0; k < WRITERS_PER_KIND; k++) {
      const id = SPECS[k % 2].id;
      const version = versions[k % 2];
      actions.push({
        reason: `cli-select-${k}`,
        kind: "select",
        run: () => runCli(["select", id, "--note", `cli-select-${k}`], vars).then((r) => expect(r.code, r.stderr).toBe(0)),
      });
      actions.push({
        reason: `cli-activate-${k}`,
        kind: "activate",
        run: () => runCli(["registry", "activate", version, "--reason", `cli-activate-${k}`], vars).then((r) => expect(r.code, r.stderr).toBe(0)),
      });
      actions.push({ reason: `lib-select-${k}`, kind: "select", run: () => selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: id, note: `lib-select-${k}`, actor: "test:lib" }) });
      actions.push({ reason: `lib-activate-${k}`, kind: "activate", run: () => activateVersion(ws.registryDir, version, "test:lib", `lib-activate-${k}`) });
    }
    // The CLI children take seconds to start (longer when six start at once on few cores), so the
    // library calls start as soon as the first child has written its history line, at seeded offsets
    // within the next few hundred ms: they meet the other children at the registry lock.
    const random = seededRandom(8);
    const historyFile = path.join(ws.registryDir, "history.jsonl");
    const firstCliLine = async () => {
      for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 15))) {
        if (fs.readFileSync(historyFile, "utf8").includes('"reason":"cli-')) return;
      }
    };
    await Promise.all(
      actions.map(async (a) => {
        if (a.reason.startsWith("lib")) {
          await firstCliLine();
          await new Promise((resolve) => setTimeout(resolve, random() * 300));
        }
        return a.run();
      }),
    );

    // History: exactly one line per action, every line whole, chained through `previous`.
    const lines = fs.readFileSync(path.join(ws.registryDir, "history.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(before + actions.length);
    const history = lines.map((line) => JSON.parse(line));
    const added = history.slice(before);
    for (const a of actions) {
      const matching = added.filter((e) => e.reason === a.reason);
      expect(matching, a.reason).toHaveLength(1);
      if (a.kind === "select") expect(matching[0].action).toBe("select");
      else expect(["activate", "rollback"]).toContain(matching[0].action);
    }
    for (let i = 1; i < history.length; i++) expect(history[i].previous, `history line ${i + 1}`).toBe(history[i - 1].version);

    // Index: one entry per selection, the last action's version active, the `active` link agreeing.
    const index = readRegistryIndex(ws.registryDir);
    const selects = actions.filter((a) => a.kind === "select").length;
    expect(index.versions).toHaveLength(versions.length + selects);
    expect(new Set(index.versions.map((v) => v.version)).size).toBe(index.versions.length);
    expect(index.active).toBe(history.at(-1).version);
    expect(fs.readlinkSync(path.join(ws.registryDir, "active"))).toBe(index.active);
    const model = loadModel(ws.registryDir);
    expect(scoreFrame(model, data.frame, data.split.rows.test.subarray(0, 100)).every((p) => p > 0 && p < 1)).toBe(true);
    for (const e of added.filter((x) => x.action === "select")) expect(index.versions.map((v) => v.version)).toContain(e.version);

    // Every version folder is complete, and nothing else is left in the registry.
    for (const v of index.versions) {
      expect(loadModel(ws.registryDir, v.version).experimentId).toBe(v.experimentId);
      expect(readVersionMetadata(ws.registryDir, v.version)).toMatchObject({ version: v.version, experimentId: v.experimentId });
    }
    // The ledger of test looks is written by every selection (lib/registry/test-ledger.ts).
    expect(fs.readdirSync(ws.registryDir).sort()).toEqual(["active", "history.jsonl", "registry.json", "test-looks.jsonl", ...index.versions.map((v) => v.version)].sort());
    const sequence = added.map((e) => e.reason.replace(/-(select|activate)-\d+$/, (_: string, kind: string) => `:${kind[0]}`)).join(" ");
    console.log(`concurrency: ${sequence}`);
    console.log(`concurrency: ${actions.length} parallel actions (${WRITERS_PER_KIND * 2} CLI processes, ${WRITERS_PER_KIND * 2} library calls; ${selects} selections, ${actions.length - selects} activations) → ${lines.length - before} history lines, ${index.versions.length} versions`);
  }, 180_000);
});
