import { readRegistryIndex } from "./index-file";
import type { ModelFile } from "./model-file";
import { loadModel } from "./registry";

/** Versions are immutable once written, so a parsed model is cached by (folder, version). */
const cache = new Map<string, ModelFile>();

export function cachedModel(registryDir: string, version?: string): ModelFile {
  const name = version ?? readRegistryIndex(registryDir).active ?? undefined;
  const key = `${registryDir}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const model = loadModel(registryDir, name);
  if (cache.size > 32) cache.clear();
  cache.set(key, model);
  return model;
}
