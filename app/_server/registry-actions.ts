"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { loadWorkspaceData } from "@/lib/data/workspace-data";
import { isValidExperimentId } from "@/lib/experiments/results/results-store";
import { activateVersion, isValidVersion, readVersionMetadata, selectModel } from "@/lib/registry/registry";
import { laterLookWarning, testLooks } from "@/lib/registry/test-ledger";
import { resolveWorkspace } from "@/lib/workspace";
import { requireAdmin } from "./session";
import { keepOperatingThreshold, readOperatingThresholds } from "@/lib/experiments/results/operating-thresholds";
import type { ActionState } from "@/lib/action-state";


function failure(error: unknown): ActionState {
  return { ok: false, message: error instanceof Error ? error.message : "the action failed" };
}

/** "Select as model": validates the id against the results store, then the shared library function. */
export async function selectModelAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const actor = await requireAdmin();
    const id = formData.get("id");
    if (!isValidExperimentId(id)) return { ok: false, message: "unknown experiment id" };
    const note = formData.get("note");
    // The threshold the page's slider showed; absent means the library's default (kept, else best F0.3).
    const rawThreshold = formData.get("threshold");
    let threshold: number | undefined;
    if (rawThreshold !== null) {
      threshold = typeof rawThreshold === "string" && rawThreshold.trim() !== "" ? Number(rawThreshold) : NaN;
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) return { ok: false, message: "the threshold must be a number between 0 and 1" };
    }
    const ws = resolveWorkspace();
    const data = await loadWorkspaceData(ws);
    if (threshold !== undefined && testLooks(ws.registryDir, data.frame.source.fingerprint, null).looks > 0) {
      // Once the test days were used, the library refuses a stated threshold. The slider's value is a
      // choice made on the validation figures of this page, so it is kept with the experiment (dated,
      // as "Keep" does) and the selection uses it as the kept threshold; the ledger records its source.
      if (readOperatingThresholds(ws.resultsDir)[id]?.threshold !== threshold) await keepOperatingThreshold(ws.resultsDir, id, threshold, actor);
      threshold = undefined;
    }
    const entry = await selectModel(ws.registryDir, ws.resultsDir, data, {
      experimentId: id,
      threshold,
      note: typeof note === "string" && note.trim() ? note.trim() : null,
      refit: formData.get("refit") === "on",
      actor: actor === "local" ? "web:local" : "web:admin",
    });
    revalidatePath("/", "layout");
    const metadata = readVersionMetadata(ws.registryDir, entry.version);
    const use = testLooks(ws.registryDir, metadata.dataFingerprint, entry.version);
    const look = use.selections.find((l) => l.version === entry.version);
    const warning = look ? laterLookWarning(look, use) : null;
    return {
      ok: true,
      message:
        `Selected as ${entry.version} (test look ${metadata.testLook}): test AP ${entry.test.averagePrecision.toFixed(4)}, F0.3 ${entry.test.f03.toFixed(4)} at threshold ${entry.threshold.toPrecision(3)}.` +
        (warning ? ` Warning: ${warning}.` : ""),
    };
  } catch (error) {
    return failure(error);
  }
}

/** Rollback / activation of an existing version. */
export async function activateVersionAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  let activated: string;
  try {
    const actor = await requireAdmin();
    const version = formData.get("version");
    if (!isValidVersion(version)) return { ok: false, message: "unknown version" };
    const reason = formData.get("reason");
    const entry = await activateVersion(resolveWorkspace().registryDir, version, actor === "local" ? "web:local" : "web:admin", typeof reason === "string" && reason.trim() ? reason.trim() : null);
    revalidatePath("/", "layout");
    activated = entry.version;
  } catch (error) {
    return failure(error);
  }
  // The row's form disappears once its version is active, so the page itself says what happened.
  redirect(`/registry?activated=${encodeURIComponent(activated)}`);
}
