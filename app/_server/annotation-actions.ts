"use server";

import { revalidatePath } from "next/cache";
import { AnnotationError, annotateExperiment, parseTags, type AnnotationPatch } from "@/lib/experiments/results/annotations";
import { currentResult } from "@/lib/experiments/results/current-results";
import { isValidExperimentId } from "@/lib/experiments/results/results-store";
import { resolveWorkspace } from "@/lib/workspace";
import type { ActionState } from "@/lib/action-state";
import { requireAdmin } from "./session";

/**
 * Tags, note, archive / restore and promote for one experiment. The id must be a current result;
 * every field is validated by the library (tags pattern, note length, booleans).
 */
export async function annotateExperimentAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const actor = await requireAdmin();
    const id = formData.get("id");
    const ws = resolveWorkspace();
    if (!isValidExperimentId(id) || !currentResult(ws, id)) return { ok: false, message: "unknown experiment id" };
    const patch: AnnotationPatch = {};
    const intent = formData.get("intent");
    if (intent === "archive") patch.archived = true;
    else if (intent === "restore") patch.archived = false;
    else if (intent === "promote") patch.promoted = true;
    else if (intent === "demote") patch.promoted = false;
    else if (intent === "save") {
      const tags = formData.get("tags");
      const note = formData.get("note");
      patch.tags = parseTags(typeof tags === "string" ? tags : "");
      patch.note = typeof note === "string" ? note : "";
    } else return { ok: false, message: "unknown change" };
    await annotateExperiment(ws.resultsDir, id, patch, actor === "local" ? "web:local" : "web:admin");
    revalidatePath("/", "layout");
    const said: Record<string, string> = {
      archive: "Archived: hidden from the grid and the report, kept on disk.",
      restore: "Restored to the grid and the report.",
      promote: "Promoted: this experiment now counts in the report.",
      demote: "No longer counted in the report.",
      save: "Saved.",
    };
    return { ok: true, message: said[intent] };
  } catch (error) {
    if (error instanceof AnnotationError) return { ok: false, message: error.message };
    return { ok: false, message: error instanceof Error ? error.message : "the change failed" };
  }
}
