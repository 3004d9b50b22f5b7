import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runExperiments } from "../../lib/experiments/running/runner";
import { CorruptRegistryError } from "../../lib/registry/errors";
import type { ModelCard } from "../../lib/registry/model-card";
import { loadModelCard } from "../../lib/registry/model-card-data";
import { renderCardMarkdown } from "../../lib/registry/model-card-render";
import { activateVersion, RegistryError, selectModel } from "../../lib/registry/registry";
import { registryWorkspace, TWO_SPECS } from "../helpers/registry-workspace";

const [A, B] = TWO_SPECS.map((s) => s.id);
let older = "";
let newer = "";
const fixture = registryWorkspace("pushlab-model-card-data-", async (ws, data) => {
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [...TWO_SPECS], workers: 0 });
  older = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: A, actor: "test" })).version;
  newer = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: B, actor: "test" })).version;
});

function versionFact(card: ModelCard): string {
  for (const s of card.sections) for (const b of s.blocks) if (b.kind === "facts") for (const i of b.items) if (i.label === "Version") return String(i.value);
  throw new Error("no Version fact");
}

describe("loadModelCard", () => {
  it("builds the card of the version asked for, marking it active only when it is", async () => {
    const card = loadModelCard(fixture.ws, older);
    expect(card.version).toBe(older);
    expect(versionFact(card)).toBe(older);
    expect(versionFact(loadModelCard(fixture.ws, newer))).toBe(`${newer} (active)`);
    await activateVersion(fixture.ws.registryDir, older, "test", null);
    expect(versionFact(loadModelCard(fixture.ws, older))).toBe(`${older} (active)`);
    expect(versionFact(loadModelCard(fixture.ws, newer))).toBe(newer);
  });

  it("still builds when the experiment's stored result is gone, and says so", () => {
    const file = path.join(fixture.ws.resultsDir, `${A}.json`);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      expect(renderCardMarkdown(loadModelCard(fixture.ws, older))).toContain("The experiment's stored result is gone, so validation AP and ROC-AUC carry no interval.");
    } finally {
      fs.writeFileSync(file, bytes);
    }
    expect(renderCardMarkdown(loadModelCard(fixture.ws, older))).not.toContain("stored result is gone");
  });

  it("refuses a bad name, an unknown version and a damaged model with the registry's errors", () => {
    expect(() => loadModelCard(fixture.ws, "../../etc/passwd")).toThrow(/^not a registry version: /);
    expect(() => loadModelCard(fixture.ws, "v_20000101_000000")).toThrow(RegistryError);
    expect(() => loadModelCard(fixture.ws, "v_20000101_000000")).toThrow("no version 'v_20000101_000000' in the registry");
    const model = path.join(fixture.ws.registryDir, older, "model.json");
    const bytes = fs.readFileSync(model);
    fs.writeFileSync(model, "{");
    try {
      expect(() => loadModelCard(fixture.ws, older)).toThrow(CorruptRegistryError);
    } finally {
      fs.writeFileSync(model, bytes);
    }
  });
});
