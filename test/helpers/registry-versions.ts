import path from "node:path";
import type { PreparedData } from "../../lib/data/dataset";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { makeLogisticSpec, type LogisticSpec } from "../../lib/experiments/definitions/definition";
import { ENCODINGS } from "../../lib/features/encodings";
import { loadExperimentSpecs } from "../../lib/experiments/definitions/definitions-store";
import { runExperiments } from "../../lib/experiments/running/runner";
import { selectModel } from "../../lib/registry/registry";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";

export interface RegistryVersion {
  version: string;
  spec: LogisticSpec;
  refit: boolean;
}

/**
 * One logistic spec per (encoding, penalty) pair found in the project's experiments/ definitions —
 * the least regularized (largest C), so that no model is a constant on small data — so a test over
 * them covers every configuration the grid can select; plus one L2 spec for each registered encoding
 * the grid does not use, and a feature subset with one date feature.
 */
export function everyConfiguration(): LogisticSpec[] {
  const byPair = new Map<string, LogisticSpec>();
  for (const spec of loadExperimentSpecs([path.join(import.meta.dirname, "../../experiments")])) {
    if (spec.kind !== "logreg" || spec.classWeight !== "none") continue;
    const key = `${spec.encoding}/${spec.penalty}`;
    const kept = byPair.get(key);
    if (!kept || (spec.C ?? Infinity) > (kept.C ?? Infinity)) byPair.set(key, spec);
  }
  const specs = [...byPair.values()];
  // Encodings registered but not in the project's grid can still be selected (custom experiments).
  for (const encoding of ENCODINGS) {
    if (!specs.some((s) => s.encoding === encoding)) specs.push(makeLogisticSpec({ encoding, penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: null }));
  }
  specs.push(makeLogisticSpec({ encoding: "onehot", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: ["normalised_price", "created_hour"] }));
  return specs;
}

/**
 * A workspace on a small generated file whose registry holds one selected version per
 * configuration (and one refitted version), in that order.
 */
export async function registryWithEveryConfiguration(
  home: string,
  env: Record<string, string> = {},
): Promise<{ ws: Workspace; data: PreparedData; versions: RegistryVersion[] }> {
  const ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "70", PUSHLAB_SYNTHETIC_SEED: "23", ...env });
  const data = await loadWorkspaceData(ws);
  const specs = everyConfiguration();
  await runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0 });
  const versions: RegistryVersion[] = [];
  for (const spec of specs) {
    const entry = await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: spec.id, actor: "test" });
    versions.push({ version: entry.version, spec, refit: false });
  }
  const refitted = await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: specs[1].id, actor: "test", refit: true, note: "refit" });
  versions.push({ version: refitted.version, spec: specs[1], refit: true });
  return { ws, data, versions };
}
