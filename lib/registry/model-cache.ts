import fs from "node:fs";
import path from "node:path";
import { readRegistryIndex } from "./index-file";
import type { ModelFile } from "./model-file";
import { loadModel } from "./registry";

/**
 * Versions are immutable once written, so a parsed model is cached by (folder, version) — and by its
 * model.json's inode, size and mtime, so a file damaged (or repaired) after it was cached is read and
 * validated again instead of being served from memory.
 */
const cache = new Map<string, ModelFile>();

export function cachedModel(registryDir: string, version?: string): ModelFile {
  const name = version ?? readRegistryIndex(registryDir).active ?? undefined;
  let stamp = "";
  try {
    const stat = fs.statSync(path.join(registryDir, String(name), "model.json"));
    stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    // loadModel reports it
  }
  const key = `${registryDir}\u0000${name}\u0000${stamp}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const model = loadModel(registryDir, name);
  if (cache.size > 32) cache.clear();
  cache.set(key, model);
  return model;
}
