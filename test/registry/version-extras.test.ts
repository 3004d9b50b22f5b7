import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { buildScoringReference, readScoringReference, SCORING_REFERENCE_FILE } from "../../lib/monitoring/scoring-reference";
import { runExperiments } from "../../lib/experiments/running/runner";
import { loadModel, selectModel } from "../../lib/registry/registry";
import { EVALUATION_FILE, evaluateVersion, readVersionEvaluation } from "../../lib/registry/version-evaluation";
import { computeVersionExtras, writeVersionExtras } from "../../lib/registry/version-extras";
import { tempDir } from "../helpers/feature-frame-csv";
import { registryWorkspace, TWO_SPECS } from "../helpers/registry-workspace";

let version = "";
const fixture = registryWorkspace("pushlab-version-extras-", async (ws, data) => {
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [...TWO_SPECS], workers: 0 });
  version = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: TWO_SPECS[1].id, actor: "test" })).version;
});

describe("computeVersionExtras", () => {
  it("is the scoring reference of the fitted rows and the version's evaluation", () => {
    const model = loadModel(fixture.ws.registryDir, version);
    const train = fixture.data.split.rows.train;
    const extras = computeVersionExtras(model, fixture.data, train);
    expect(extras.reference).toEqual(buildScoringReference(model, fixture.data.frame, train));
    expect(extras.reference.fittedRows).toBe(train.length);
    expect(extras.evaluation).toEqual(evaluateVersion(model, fixture.data));
  });

  it("is what a selection keeps beside the model (fitted on the training rows)", () => {
    const model = loadModel(fixture.ws.registryDir, version);
    const dir = path.join(fixture.ws.registryDir, version);
    const extras = computeVersionExtras(model, fixture.data, fixture.data.split.rows.train);
    expect(readScoringReference(dir)).toEqual(extras.reference);
    expect(readVersionEvaluation(dir)).toEqual(JSON.parse(JSON.stringify(extras.evaluation)));
  });
});

describe("writeVersionExtras", () => {
  it("writes both files into a version folder, and they read back as written", () => {
    const model = loadModel(fixture.ws.registryDir, version);
    const extras = computeVersionExtras(model, fixture.data, fixture.data.split.rows.train);
    const dir = tempDir("pushlab-version-extras-write-");
    try {
      writeVersionExtras(dir, extras);
      expect(fs.readdirSync(dir).sort()).toEqual([EVALUATION_FILE, SCORING_REFERENCE_FILE].sort()); // no temp files left
      expect(readScoringReference(dir)).toEqual(extras.reference);
      expect(readVersionEvaluation(dir)).toEqual(JSON.parse(JSON.stringify(extras.evaluation)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
