"use server";

import fs from "node:fs";
import path from "node:path";
import { currentResult } from "@/lib/experiments/results/current-results";
import { definitionFor, parseCustomExperiment } from "@/lib/experiments/definitions/custom-experiment";
import { PATH_PENALTIES } from "@/lib/experiments/paths/regularization-path";
import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import { ENCODINGS, type Encoding } from "@/lib/features/pipeline";
import type { Penalty } from "@/lib/experiments/definitions/definition";
import { writeJsonAtomicSync } from "@/lib/fs-atomic";
import type { SubmitState } from "@/lib/action-state";
import { resolveWorkspace } from "@/lib/workspace";
import { requireAdmin } from "./session";


/**
 * "New experiment": validated with the library's rules; a result that is already current returns at
 * once; otherwise the definition is saved (so `pushlab run` reproduces it) and a run is queued.
 */
export async function submitExperimentAction(_state: SubmitState, formData: FormData): Promise<SubmitState> {
  try {
    const actor = await requireAdmin();
    const features = formData.getAll("features").map(String);
    const parsed = parseCustomExperiment({
      encoding: formData.get("encoding"),
      penalty: formData.get("penalty"),
      C: formData.get("C"),
      l1Ratio: formData.get("l1Ratio"),
      classWeight: formData.get("classWeight"),
      features: formData.get("allFeatures") === "on" ? null : features,
    });
    if ("errors" in parsed) return { status: "invalid", errors: parsed.errors, experimentId: null, runId: null, message: null };
    const { spec } = parsed;
    const ws = resolveWorkspace();
    if (currentResult(ws, spec.id)) return { status: "done", errors: {}, experimentId: spec.id, runId: null, message: "This experiment already has a current result." };
    fs.mkdirSync(ws.experimentsDir, { recursive: true });
    writeJsonAtomicSync(path.join(ws.experimentsDir, `${spec.id}.json`), definitionFor(spec));
    const run = runQueue(ws).submit("experiment", spec.id, ["run", "--id", spec.id, "--json-events"], actor);
    return { status: "queued", errors: {}, experimentId: spec.id, runId: run.runId, message: null };
  } catch (error) {
    return { status: "error", errors: {}, experimentId: null, runId: null, message: (error as Error).message };
  }
}

/** Queues the computation of a regularization path for one family. */
export async function startPathAction(formData: FormData): Promise<void> {
  const actor = await requireAdmin();
  const encoding = formData.get("encoding") as Encoding;
  const penalty = formData.get("penalty") as Penalty;
  if (!ENCODINGS.includes(encoding) || !PATH_PENALTIES.includes(penalty)) throw new Error("unknown encoding or penalty");
  runQueue(resolveWorkspace()).submit("path", `path:${encoding}:${penalty}`, ["path", "--encoding", encoding, "--penalty", penalty, "--json-events"], actor);
}
