import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CorruptRegistryError, parseJsonFile } from "./errors";

/** registry.json: the index of versions and which one is active. */
export const versionEntrySchema = z.object({
  version: z.string().regex(/^v_\d{8}_\d{6}(_\d+)?$/),
  experimentId: z.string(),
  createdAt: z.string(),
  threshold: z.number(),
  refit: z.boolean(),
  note: z.string().nullable(),
  actor: z.string(),
  validation: z.object({ averagePrecision: z.number(), rocAuc: z.number(), f03: z.number() }),
  test: z.object({ averagePrecision: z.number(), rocAuc: z.number(), precision: z.number(), recall: z.number(), f03: z.number() }),
});

export const registryIndexSchema = z.object({
  format: z.literal("pushlab-registry-v1"),
  active: z.string().nullable(),
  versions: z.array(versionEntrySchema),
});

export type VersionEntry = z.infer<typeof versionEntrySchema>;
export type RegistryIndex = z.infer<typeof registryIndexSchema>;

export const EMPTY_INDEX: RegistryIndex = { format: "pushlab-registry-v1", active: null, versions: [] };

export const VERSION_PATTERN = /^v_\d{8}_\d{6}(_\d+)?$/;

export function indexFile(registryDir: string): string {
  return path.join(registryDir, "registry.json");
}

/** The version folders on disk (complete or not), oldest first. */
export function versionFolders(registryDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(registryDir);
  } catch {
    return [];
  }
  return names.filter((n) => VERSION_PATTERN.test(n) && fs.statSync(path.join(registryDir, n)).isDirectory()).sort(compareVersions);
}

/** v_20260101_120000 < v_20260101_120000_2 < v_20260101_120001. */
export function compareVersions(a: string, b: string): number {
  const key = (v: string) => {
    const m = /^v_(\d{8}_\d{6})(?:_(\d+))?$/.exec(v)!;
    return [m[1], Number(m[2] ?? 1)] as const;
  };
  const [sa, na] = key(a);
  const [sb, nb] = key(b);
  return sa < sb ? -1 : sa > sb ? 1 : na - nb;
}

/** The index entry a version folder's metadata.json describes, or null when the folder is incomplete. */
export function entryFromFolder(registryDir: string, version: string): VersionEntry | null {
  try {
    if (!fs.statSync(path.join(registryDir, version, "model.json")).isFile()) return null;
    const m = JSON.parse(fs.readFileSync(path.join(registryDir, version, "metadata.json"), "utf8"));
    if (m?.version !== version) return null;
    const parsed = versionEntrySchema.safeParse({
      version,
      experimentId: m.experimentId,
      createdAt: m.createdAt,
      threshold: m.threshold,
      refit: m.refit,
      note: m.note ?? null,
      actor: m.actor,
      validation: { averagePrecision: m.validation?.averagePrecision, rocAuc: m.validation?.rocAuc, f03: m.validation?.f03 },
      test: { averagePrecision: m.test?.averagePrecision, rocAuc: m.test?.rocAuc, precision: m.test?.precision, recall: m.test?.recall, f03: m.test?.f03 },
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The version history.jsonl last made active (its last line naming a complete version), or null. */
function lastActiveInHistory(registryDir: string, known: Set<string>): string | null {
  let text = "";
  try {
    text = fs.readFileSync(path.join(registryDir, "history.jsonl"), "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n").filter((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const event = JSON.parse(lines[i]);
      if (typeof event?.version === "string" && known.has(event.version)) return event.version;
    } catch {
      // a torn line
    }
  }
  return null;
}

export interface Reconciled {
  index: RegistryIndex;
  /** What differs from registry.json on disk, one line each (empty: the file is complete). */
  changes: string[];
}

/**
 * registry.json reconciled with the version folders: a missing index is rebuilt from the folders'
 * metadata.json and history.jsonl (the active version is the one the history last made active), and
 * a complete version folder the index does not name (a select killed between its renames) is added.
 * A registry never forgets a version that is on disk.
 */
export function reconcileRegistryIndex(registryDir: string): Reconciled {
  const present = fs.existsSync(indexFile(registryDir));
  const index = present ? readIndexFile(registryDir) : EMPTY_INDEX;
  const changes: string[] = [];
  const named = new Set(index.versions.map((v) => v.version));
  const added: VersionEntry[] = [];
  for (const version of versionFolders(registryDir)) {
    if (named.has(version)) continue;
    const entry = entryFromFolder(registryDir, version);
    if (entry) added.push(entry);
  }
  if (!present && added.length === 0) return { index, changes };
  if (!present) changes.push(`registry.json is missing: rebuilt from ${added.length} version folder(s) and history.jsonl`);
  for (const entry of added) if (present) changes.push(`version ${entry.version} is on disk but not in registry.json: added`);
  if (added.length === 0) return { index, changes };
  const versions = [...index.versions, ...added].sort((a, b) => compareVersions(a.version, b.version));
  let active = index.active;
  if (!present) {
    const known = new Set(versions.map((v) => v.version));
    active = lastActiveInHistory(registryDir, known) ?? versions[versions.length - 1].version;
    changes.push(`active version: ${active}`);
  }
  return { index: { ...index, active, versions }, changes };
}

function readIndexFile(registryDir: string): RegistryIndex {
  const file = indexFile(registryDir);
  const parsed = registryIndexSchema.safeParse(parseJsonFile(fs.readFileSync(file, "utf8"), file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptRegistryError(`${file}: not a valid registry index: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Reads registry.json. A registry without one is empty only when no version folder is on disk;
 * otherwise the index is rebuilt from them (in memory: the next registry write, or `pushlab registry
 * check --repair`, writes it). A corrupt index is an error, never silently empty.
 */
export function readRegistryIndex(registryDir: string): RegistryIndex {
  if (fs.existsSync(indexFile(registryDir))) return readIndexFile(registryDir);
  return reconcileRegistryIndex(registryDir).index;
}
