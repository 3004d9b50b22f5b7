import { z } from "zod";
import type { FeatureFrame } from "../data/feature-frame";
import type { MatrixAllocation, PipelineState } from "../features/pipeline";
import { transformRows } from "../features/pipeline";
import { predictProba } from "../model/logistic-regression";
import { modelSignature, modelSignatureSchema } from "./model-signature";

/**
 * model.json of a registry version: everything needed to score a file of the feature-frame schema
 * without the training data — the fitted pipeline (encoders, scaler), coefficients, intercept and the
 * operating threshold, and the signature (absent from versions written before it existed):
 * the input columns and the outputs. docs/model-format.md describes every field; docs/schema/
 * model.schema.json is its JSON Schema.
 */
export const modelFileSchema = z.object({
  format: z.literal("pushlab-model-v1"),
  version: z.string(),
  experimentId: z.string(),
  pushlabVersion: z.string(),
  createdAt: z.string(),
  featureNames: z.array(z.string()),
  pipeline: z.custom<PipelineState>((v) => typeof v === "object" && v !== null && (v as PipelineState).format === "pushlab-pipeline-v1"),
  coef: z.array(z.number()),
  intercept: z.number(),
  threshold: z.number(),
  refit: z.boolean(),
  signature: modelSignatureSchema.optional(),
});

export type ModelFile = z.infer<typeof modelFileSchema>;

export function parseModelFile(text: string, file: string): ModelFile {
  const parsed = modelFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not a valid model file: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
  if (parsed.data.coef.length !== parsed.data.featureNames.length) throw new Error(`${file}: ${parsed.data.coef.length} coefficients for ${parsed.data.featureNames.length} features`);
  // Versions written before the signature existed: the same signature, derived from their pipeline.
  return { ...parsed.data, signature: parsed.data.signature ?? modelSignature(parsed.data.pipeline) };
}

/** Purchase probabilities for the given rows (default: every row) of a frame. */
export function scoreFrame(
  model: Pick<ModelFile, "pipeline" | "coef" | "intercept">,
  frame: FeatureFrame,
  rows?: Uint32Array,
  allocation: MatrixAllocation = {},
): Float64Array {
  const selected = rows ?? Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
  return predictProba(transformRows(model.pipeline, frame, selected, allocation), model.coef, model.intercept);
}
