"use server";

import { revalidatePath } from "next/cache";
import { keepOperatingThreshold } from "@/lib/experiments/results/operating-thresholds";
import { isValidExperimentId } from "@/lib/experiments/results/results-store";
import { resolveWorkspace } from "@/lib/workspace";
import { requireAdmin } from "../../_server/session";

/** Keeps the operating threshold chosen on an experiment page (used when it is selected as the model). */
export async function keepThresholdAction(formData: FormData): Promise<void> {
  const actor = await requireAdmin();
  const id = formData.get("id");
  if (!isValidExperimentId(id)) throw new Error("unknown experiment id");
  await keepOperatingThreshold(resolveWorkspace().resultsDir, id, formData.get("threshold"), actor);
  revalidatePath(`/experiments/${id}`);
}
