import { z } from "zod";
import type { FeatureFrame } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS } from "../data/schema";
import { isBaseFeature } from "../features/base-features";
import type { MatrixAllocation, PipelineState } from "../features/pipeline";
import { transformRows } from "../features/pipeline";
import { encoderForState, ENCODINGS } from "../features/encodings";
import { predictProba } from "../model/logistic-regression";
import { CorruptRegistryError, parseJsonFile } from "./errors";
import { modelSignature, modelSignatureSchema } from "./model-signature";

/**
 * model.json of a registry version: everything needed to score a file of the feature-frame schema
 * without the training data — the fitted pipeline (encoders, scaler), coefficients, intercept and the
 * operating threshold, and the signature (absent from versions written before it existed):
 * the input columns and the outputs. docs/model-format.md describes every field; docs/schema/
 * model.schema.json is its JSON Schema. It is validated completely on load (shape, lengths,
 * finiteness, ranges, a signature that matches the pipeline), so a damaged file is refused with one
 * line instead of scoring NaN.
 */

const finite = z.number().finite();
const probability = finite.min(0).max(1);
const column = z.string().refine((c) => CATEGORICAL_COLUMNS.includes(c), { message: "not a categorical column" });
/** Per-category values; validated, never rebuilt (zod would assign keys, dropping a category named __proto__). */
const perCategory = z.custom<Record<string, number>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0 && x <= 1),
  { message: "expected an object of numbers in [0, 1]" },
);

const encoderSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("frequency"), column, frequencies: perCategory }),
  z.object({ kind: z.literal("target"), column, crossFit: z.boolean(), folds: z.number().int().min(2), smoothing: finite.min(0), prior: probability, means: perCategory }),
  z.object({ kind: z.literal("onehot"), column, categories: z.array(z.string()) }),
  z.object({ kind: z.literal("rare-grouping"), column, minShare: finite.gt(0).max(1), categories: z.array(z.string()) }),
]);

const pipelineSchema = z.object({
  format: z.literal("pushlab-pipeline-v1"),
  encoding: z.enum(ENCODINGS),
  baseFeatures: z.array(z.string().refine(isBaseFeature, { message: "not a base feature" })),
  encoders: z.array(encoderSchema),
  featureNames: z.array(z.string()),
  scaler: z.object({ mean: z.array(finite), scale: z.array(finite.positive()) }),
});

export const modelFileSchema = z.object({
  format: z.literal("pushlab-model-v1"),
  version: z.string().regex(/^v_\d{8}_\d{6}(_\d+)?$/),
  experimentId: z.string(),
  pushlabVersion: z.string(),
  createdAt: z.string(),
  featureNames: z.array(z.string()),
  pipeline: z.custom<PipelineState>((v) => pipelineSchema.safeParse(v).success),
  coef: z.array(finite),
  intercept: finite,
  threshold: probability,
  refit: z.boolean(),
  signature: modelSignatureSchema.optional(),
});

export type ModelFile = z.infer<typeof modelFileSchema>;

function encoderNames(encoder: PipelineState["encoders"][number]): string[] {
  return encoderForState(encoder).featureNames(encoder);
}

/** The first inconsistency between the parts of a structurally valid model, or null. */
function consistencyProblem(model: ModelFile): string | null {
  const p = model.pipeline;
  const names = model.featureNames;
  const expected = [...p.baseFeatures, ...p.encoders.flatMap(encoderNames)];
  if (expected.length !== names.length || expected.some((n, j) => n !== names[j])) return "featureNames do not match the pipeline's base features and encoders";
  if (p.featureNames.length !== names.length || p.featureNames.some((n, j) => n !== names[j])) return "pipeline.featureNames differ from featureNames";
  if (model.coef.length !== names.length) return `${model.coef.length} coefficients for ${names.length} features`;
  if (p.scaler.mean.length !== names.length) return `pipeline.scaler.mean has ${p.scaler.mean.length} values for ${names.length} features`;
  if (p.scaler.scale.length !== names.length) return `pipeline.scaler.scale has ${p.scaler.scale.length} values for ${names.length} features`;
  const wantEncoders = p.encoding === "none" ? 0 : CATEGORICAL_COLUMNS.length;
  if (p.encoders.length !== wantEncoders) return `encoding '${p.encoding}' with ${p.encoders.length} encoders`;
  if (model.signature) {
    // A signature that names other columns than the pipeline reads would let a row without them through.
    const derived = modelSignature(p).inputs;
    const given = model.signature.inputs;
    if (given.length !== derived.length || given.some((input, j) => input.name !== derived[j].name || input.type !== derived[j].type)) {
      return "signature.inputs do not match the columns the pipeline reads";
    }
  }
  return null;
}

/**
 * Parses and validates model.json; `expectedVersion` is the version folder it was read from (its
 * `version` field must name it). Throws CorruptRegistryError with one line naming the file.
 */
export function parseModelFile(text: string, file: string, expectedVersion?: string): ModelFile {
  const json = parseJsonFile(text, file);
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let where = issue.path.join(".");
    let message = issue.message;
    if (where === "pipeline") {
      const inner = pipelineSchema.safeParse((json as { pipeline?: unknown }).pipeline);
      if (!inner.success) {
        where = `pipeline.${inner.error.issues[0].path.join(".")}`;
        message = inner.error.issues[0].message;
      }
    }
    throw new CorruptRegistryError(`${file}: not a valid model file: ${where}: ${message}`);
  }
  // The pipeline as read (zod's copy of a record would lose a category named __proto__).
  const model = { ...parsed.data, pipeline: (json as { pipeline: PipelineState }).pipeline };
  const problem = consistencyProblem(model);
  if (problem) throw new CorruptRegistryError(`${file}: not a valid model file: ${problem}`);
  if (expectedVersion !== undefined && model.version !== expectedVersion) {
    throw new CorruptRegistryError(`${file}: not a valid model file: its version field says '${model.version.slice(0, 40)}' but it is in the folder of ${expectedVersion}`);
  }
  // Versions written before the signature existed: the same signature, derived from their pipeline.
  return { ...model, signature: model.signature ?? modelSignature(model.pipeline) };
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
