import type { Workspace } from "../workspace";
import { CorruptRegistryError } from "./errors";
import { indexFile, readRegistryIndex } from "./index-file";
import { loadModel } from "./registry";

export interface RegistryProblem {
  /** "index": registry.json itself is unusable (nothing to list); "active-model": the active version's files are. */
  kind: "index" | "active-model";
  /** What is wrong, one line naming the file. */
  message: string;
  /** How to get a working model back. */
  remedy: string;
  /** Versions that load, newest first: candidates for a rollback. */
  loadable: string[];
}

/**
 * Whether the registry index and the active model load; when they do not, what is wrong and how to
 * roll back (the pages show it instead of failing, the APIs answer 503 with it).
 */
export function registryProblem(ws: Workspace): RegistryProblem | null {
  let index;
  try {
    index = readRegistryIndex(ws.registryDir);
  } catch (error) {
    if (!(error instanceof CorruptRegistryError)) throw error;
    return {
      kind: "index",
      message: error.message,
      remedy: `move ${indexFile(ws.registryDir)} away and run \`npx pushlab registry check --repair\`: it rebuilds the index from the version folders and history.jsonl`,
      loadable: [],
    };
  }
  if (!index.active) return null;
  try {
    loadModel(ws.registryDir, index.active);
    return null;
  } catch (error) {
    if (!(error instanceof CorruptRegistryError)) throw error;
    const loadable = index.versions
      .map((v) => v.version)
      .filter((v) => v !== index.active)
      .reverse()
      .filter((v) => {
        try {
          loadModel(ws.registryDir, v);
          return true;
        } catch {
          return false;
        }
      });
    return {
      kind: "active-model",
      message: `the active model ${index.active} cannot be used: ${error.message}`,
      remedy: loadable.length
        ? `roll back to a version that loads on the registry page or with \`npx pushlab registry activate ${loadable[0]}\``
        : "no other version loads: select a model again (`npx pushlab select ID`)",
      loadable,
    };
  }
}
