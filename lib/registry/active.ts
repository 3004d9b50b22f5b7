import type { Workspace } from "../workspace";
import { readRegistryIndex, type VersionEntry } from "./index-file";

/** The active registry version, or null when no model has been selected yet. */
export function activeVersion(ws: Workspace): VersionEntry | null {
  const index = readRegistryIndex(ws.registryDir);
  return index.versions.find((v) => v.version === index.active) ?? null;
}

/** The experiment behind the active model, for marking it in the experiment pages. */
export function activeExperimentId(ws: Workspace): string | null {
  return activeVersion(ws)?.experimentId ?? null;
}
