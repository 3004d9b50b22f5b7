import path from "node:path";
import type { PreparedData } from "../data/dataset";
import { writeJsonAtomicSync } from "../fs-atomic";
import { buildScoringReference, SCORING_REFERENCE_FILE, type ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "./model-file";
import { EVALUATION_FILE, evaluateVersion, type VersionEvaluation } from "./version-evaluation";

/**
 * The files a version keeps beside model.json and metadata.json: the scoring reference (a training
 * sample's bins, for PSI when it scores) and its evaluation (curves, by week, by product type, for the
 * model card and campaign estimates). Computed before the registry lock, written into the version's
 * temp folder with the rest, so they become visible together.
 */
export interface VersionExtras {
  reference: ScoringReference;
  evaluation: VersionEvaluation;
}

export function computeVersionExtras(model: Pick<ModelFile, "pipeline" | "coef" | "intercept" | "threshold">, data: PreparedData, fittedRows: Uint32Array): VersionExtras {
  return { reference: buildScoringReference(model, data.frame, fittedRows), evaluation: evaluateVersion(model, data) };
}

export function writeVersionExtras(versionDir: string, extras: VersionExtras): void {
  writeJsonAtomicSync(path.join(versionDir, SCORING_REFERENCE_FILE), extras.reference);
  writeJsonAtomicSync(path.join(versionDir, EVALUATION_FILE), extras.evaluation);
}
