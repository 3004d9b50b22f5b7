import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

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

export function indexFile(registryDir: string): string {
  return path.join(registryDir, "registry.json");
}

/** Reads registry.json; an absent registry is empty. A corrupt one is an error, never silently empty. */
export function readRegistryIndex(registryDir: string): RegistryIndex {
  let text: string;
  try {
    text = fs.readFileSync(indexFile(registryDir), "utf8");
  } catch {
    return EMPTY_INDEX;
  }
  const parsed = registryIndexSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${indexFile(registryDir)}: not a valid registry index: ${parsed.error.issues[0].message}`);
  return parsed.data;
}
