import path from "node:path";
import { readScoringReference, type ScoringReference } from "../monitoring/scoring-reference";
import { isValidVersion, RegistryError } from "./registry";
import { readVersionEvaluation, type VersionEvaluation } from "./version-evaluation";

/** The folder of a version; the name is checked before any path is built from it. */
export function versionDir(registryDir: string, version: string): string {
  if (!isValidVersion(version)) throw new RegistryError(`not a registry version: '${String(version).slice(0, 60)}'`);
  return path.join(registryDir, version);
}

export function versionScoringReference(registryDir: string, version: string): ScoringReference | null {
  return readScoringReference(versionDir(registryDir, version));
}

export function versionEvaluation(registryDir: string, version: string): VersionEvaluation | null {
  return readVersionEvaluation(versionDir(registryDir, version));
}
