import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { withLock } from "../../locking";
import type { ExperimentResult } from "./result";
import { isValidExperimentId, requireResult } from "./results-store";

/**
 * What people add to an experiment: tags, a note, "archived" (hidden from the grid and the report,
 * the result stays on disk and can be restored) and "promoted" (an experiment started from the
 * browser that should count in the report). One JSON map beside the results, written atomically
 * under a lock, like the kept thresholds.
 */

const FILE = "_annotations.json";
const TAG_PATTERN = /^[\p{L}\p{N} ._-]{1,30}$/u;
export const MAX_TAGS = 8;
export const MAX_NOTE = 1000;

export interface Annotation {
  tags: string[];
  note: string;
  archived: boolean;
  promoted: boolean;
  updatedAt: string;
  by: string;
}

export type AnnotationPatch = Partial<Pick<Annotation, "tags" | "note" | "archived" | "promoted">>;

export class AnnotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnnotationError";
  }
}

export function readAnnotations(resultsDir: string): Record<string, Annotation> {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(resultsDir, FILE), "utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

/** "a, b ,a" → ["a", "b"]; throws AnnotationError for a tag that is too long or has odd characters. */
export function parseTags(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : null;
  if (list === null) throw new AnnotationError("tags must be a comma-separated list");
  const tags = [...new Set(list.map((t) => String(t).trim()).filter(Boolean))];
  for (const t of tags) if (!TAG_PATTERN.test(t)) throw new AnnotationError(`tag '${t.slice(0, 40)}' must be 1–30 letters, digits, spaces, '.', '_' or '-'`);
  if (tags.length > MAX_TAGS) throw new AnnotationError(`at most ${MAX_TAGS} tags`);
  return tags;
}

function validatePatch(patch: AnnotationPatch): AnnotationPatch {
  const out: AnnotationPatch = {};
  if (patch.tags !== undefined) out.tags = parseTags(patch.tags);
  if (patch.note !== undefined) {
    if (typeof patch.note !== "string") throw new AnnotationError("the note must be text");
    if (patch.note.length > MAX_NOTE) throw new AnnotationError(`the note is longer than ${MAX_NOTE} characters`);
    out.note = patch.note.trim();
  }
  for (const key of ["archived", "promoted"] as const) {
    if (patch[key] !== undefined) {
      if (typeof patch[key] !== "boolean") throw new AnnotationError(`${key} must be true or false`);
      out[key] = patch[key];
    }
  }
  return out;
}

/** Changes the annotation of an experiment that is in the results store. */
export async function annotateExperiment(resultsDir: string, id: string, patch: AnnotationPatch, by: string): Promise<Annotation> {
  requireResult(resultsDir, id);
  const valid = validatePatch(patch);
  return withLock(resultsDir, () => {
    const all = readAnnotations(resultsDir);
    const previous = all[id] ?? { tags: [], note: "", archived: false, promoted: false };
    const next: Annotation = { ...previous, ...valid, updatedAt: new Date().toISOString(), by };
    all[id] = next;
    writeJsonAtomicSync(path.join(resultsDir, FILE), all);
    return next;
  });
}

/** Experiments started from the browser have their definition saved in the workspace's experiments folder. */
export function isBrowserStarted(experimentsDir: string, id: string): boolean {
  return isValidExperimentId(id) && fs.existsSync(path.join(experimentsDir, `${id}.json`));
}

export interface ExperimentStatus {
  archived: boolean;
  browserStarted: boolean;
  promoted: boolean;
  tags: string[];
  note: string;
}

export function experimentStatus(annotations: Record<string, Annotation>, experimentsDir: string, id: string): ExperimentStatus {
  const a = Object.hasOwn(annotations, id) ? annotations[id] : undefined;
  return { archived: a?.archived === true, browserStarted: isBrowserStarted(experimentsDir, id), promoted: a?.promoted === true, tags: a?.tags ?? [], note: a?.note ?? "" };
}

/** The results the report counts: not archived, and not started from the browser unless promoted. */
export function inReport(status: ExperimentStatus): boolean {
  return !status.archived && (!status.browserStarted || status.promoted);
}

export function filterForReport(results: ExperimentResult[], annotations: Record<string, Annotation>, experimentsDir: string): ExperimentResult[] {
  return results.filter((r) => inReport(experimentStatus(annotations, experimentsDir, r.id)));
}
