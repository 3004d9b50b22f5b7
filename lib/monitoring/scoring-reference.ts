import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { FeatureFrame } from "../data/feature-frame";
import { categoryColumn } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS } from "../data/schema";
import { baseFeatureValues } from "../features/base-features";
import type { PipelineState } from "../features/pipeline";
import { scoreFrame } from "../registry/model-file";
import { parseJsonFile } from "../registry/errors";
import { addBinCounts, binCount, learnBins, proportions, type Bins } from "./psi";

/**
 * What a version keeps of its training data to watch later scoring runs: for every input feature and
 * for the score, bins learned on a sample of the rows the model was fitted on and the sample's share
 * in each bin, plus the categories seen in training. A few kilobytes (scoring-reference.json in the
 * version folder), written at select time; a version without it still scores, and its scoring
 * reports say PSI is unavailable.
 */

export const SCORING_REFERENCE_FILE = "scoring-reference.json";
/** Rows of the fitted split kept as the training sample (every k-th row, so the sample spans all days). */
export const REFERENCE_SAMPLE_ROWS = 200_000;

const binsSchema = z.union([
  z.object({ kind: z.literal("quantile"), edges: z.array(z.number()) }),
  z.object({ kind: z.literal("discrete"), values: z.array(z.number()) }),
]);
const binnedSchema = z.object({ name: z.string(), bins: binsSchema, proportions: z.array(z.number()) });

export const scoringReferenceSchema = z.object({
  format: z.literal("pushlab-scoring-reference-v1"),
  sampleRows: z.number().int().positive(),
  fittedRows: z.number().int().positive(),
  features: z.array(binnedSchema),
  score: binnedSchema,
  /** Categories of the training rows (all of them, not the sample), sorted. */
  categories: z.record(z.string(), z.array(z.string())),
});

export type BinnedDistribution = z.infer<typeof binnedSchema>;
export type ScoringReference = z.infer<typeof scoringReferenceSchema>;

function sampleRows(rows: Uint32Array, max: number): Uint32Array {
  if (rows.length <= max) return rows;
  return Uint32Array.from({ length: max }, (_, k) => rows[Math.floor((k * rows.length) / max)]);
}

function binned(name: string, values: Float64Array): BinnedDistribution {
  const bins: Bins = learnBins(values);
  const counts = new Float64Array(binCount(bins));
  addBinCounts(bins, values, counts);
  return { name, bins, proportions: proportions(counts) };
}

/** The reference of a model fitted on `fittedRows` of `frame`. */
export function buildScoringReference(model: { pipeline: PipelineState; coef: number[]; intercept: number }, frame: FeatureFrame, fittedRows: Uint32Array): ScoringReference {
  if (fittedRows.length === 0) throw new RangeError("a scoring reference needs at least one fitted row");
  const sample = sampleRows(fittedRows, REFERENCE_SAMPLE_ROWS);
  const features = model.pipeline.baseFeatures.map((name) => {
    const all = baseFeatureValues(frame, name);
    return binned(name, Float64Array.from(sample, (i) => all[i]));
  });
  const score = binned("score", scoreFrame(model, frame, sample));
  const categories: Record<string, string[]> = {};
  for (const column of CATEGORICAL_COLUMNS) {
    const { codes, dictionary } = categoryColumn(frame, column);
    const seen = new Uint8Array(dictionary.length);
    for (const i of fittedRows) seen[codes[i]] = 1;
    categories[column] = dictionary.filter((_, c) => seen[c]).sort();
  }
  return { format: "pushlab-scoring-reference-v1", sampleRows: sample.length, fittedRows: fittedRows.length, features, score, categories };
}

/** The reference kept with a version, or null for a version selected before references were kept. */
export function readScoringReference(versionDir: string): ScoringReference | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(versionDir, SCORING_REFERENCE_FILE), "utf8");
  } catch {
    return null;
  }
  const file = path.join(versionDir, SCORING_REFERENCE_FILE);
  const parsed = scoringReferenceSchema.safeParse(parseJsonFile(text, file, "not a valid scoring reference"));
  if (!parsed.success) throw new Error(`${file}: not a valid scoring reference: ${parsed.error.issues[0].message}`);
  return parsed.data;
}
