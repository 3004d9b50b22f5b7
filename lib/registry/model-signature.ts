import { z } from "zod";
import { COLUMN_NAMES, CREATED_AT_COLUMN, columnSpec } from "../data/schema";
import { encoderForState } from "../features/encodings";
import type { PipelineState } from "../features/pipeline";

/**
 * The signature of a model: the feature-frame columns it reads (name, type, role) and what it
 * returns. Written into model.json by `select` so that an engineer (or a service that has never
 * heard of pushlab) knows what to send without reading the pipeline; versions written before it
 * existed get the same signature derived from their pipeline when loaded.
 */

export const DERIVED_DATE_FEATURES = ["created_hour", "created_day_of_week"] as const;

export const signatureInputSchema = z.object({
  name: z.string(),
  /** number: a finite number; string: a category name; datetime: `YYYY-MM-DD HH:MM:SS`, UTC. */
  type: z.enum(["number", "string", "datetime"]),
  role: z.enum(["binary", "numeric", "categorical", "time"]),
  /** The design-matrix features computed from this column. */
  features: z.array(z.string()),
});

export const signatureOutputSchema = z.object({
  name: z.string(),
  type: z.enum(["number", "integer"]),
  description: z.string(),
});

export const modelSignatureSchema = z.object({
  inputs: z.array(signatureInputSchema),
  outputs: z.array(signatureOutputSchema),
});

export type SignatureInput = z.infer<typeof signatureInputSchema>;
export type ModelSignature = z.infer<typeof modelSignatureSchema>;

export const SIGNATURE_OUTPUTS: ModelSignature["outputs"] = [
  { name: "purchase_probability", type: "number", description: "P(outcome = 1): 1 / (1 + exp(-(intercept + Σ coef_j · (x_j - mean_j) / scale_j))), in [0, 1]" },
  { name: "predicted_purchase", type: "integer", description: "1 when purchase_probability ≥ threshold (push the customer), else 0" },
];

/** The input column a base feature is read from (the derived date features come from created_at). */
export function baseFeatureColumn(feature: string): string {
  return (DERIVED_DATE_FEATURES as readonly string[]).includes(feature) ? CREATED_AT_COLUMN : feature;
}

/** The feature-frame columns a pipeline reads, in file order, with the features each feeds. */
export function signatureInputs(pipeline: PipelineState): SignatureInput[] {
  const features = new Map<string, string[]>();
  const add = (column: string, feature: string) => features.set(column, [...(features.get(column) ?? []), feature]);
  for (const name of pipeline.baseFeatures) add(baseFeatureColumn(name), name);
  let offset = pipeline.baseFeatures.length;
  for (const encoder of pipeline.encoders) {
    const width = encoderForState(encoder).featureNames(encoder).length;
    for (const name of pipeline.featureNames.slice(offset, offset + width)) add(encoder.column, name);
    offset += width;
  }
  return COLUMN_NAMES.filter((column) => features.has(column)).map((column) => {
    const spec = columnSpec(column)!;
    return {
      name: column,
      type: spec.kind === "string" ? "string" : spec.kind === "number" ? "number" : "datetime",
      role: spec.role === "categorical" || spec.role === "binary" || spec.role === "numeric" ? spec.role : "time",
      features: features.get(column)!,
    };
  });
}

export function modelSignature(pipeline: PipelineState): ModelSignature {
  return { inputs: signatureInputs(pipeline), outputs: SIGNATURE_OUTPUTS };
}
