import { readResult } from "../experiments/results/results-store";
import { experimentIntervals } from "../experiments/results/result-intervals";
import type { Workspace } from "../workspace";
import { readRegistryIndex } from "./index-file";
import { buildModelCard, type ModelCard } from "./model-card";
import { loadModel, readHistory, readVersionMetadata, RegistryError, isValidVersion } from "./registry";
import { testLooksFromHistory } from "./test-looks";
import { versionEvaluation, versionScoringReference } from "./version-files";

/** The model card of a version, read from the workspace (the version must be in the registry). */
export function loadModelCard(ws: Workspace, version: string): ModelCard {
  if (!isValidVersion(version)) throw new RegistryError(`not a registry version: '${String(version).slice(0, 60)}'`);
  const index = readRegistryIndex(ws.registryDir);
  const entry = index.versions.find((v) => v.version === version);
  if (!entry) throw new RegistryError(`no version '${version}' in the registry`);
  const result = readResult(ws.resultsDir, entry.experimentId);
  return buildModelCard({
    entry,
    metadata: readVersionMetadata(ws.registryDir, version),
    model: loadModel(ws.registryDir, version),
    active: index.active === version,
    result,
    validationIntervals: result ? experimentIntervals(ws, result) : null,
    evaluation: versionEvaluation(ws.registryDir, version),
    reference: versionScoringReference(ws.registryDir, version),
    testLooks: testLooksFromHistory(readHistory(ws.registryDir)),
  });
}
