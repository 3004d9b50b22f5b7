import type { FeatureFrame } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS } from "../data/schema";
import { baseFeatureValues } from "../features/base-features";
import { addBinCounts, binCount } from "./psi";
import type { ScoringReference } from "./scoring-reference";

/**
 * What one scoring run saw, in counts that add up across the slices of a parallel read: rows, rows at
 * or above the threshold, rows per category value not seen in training, and — when the version keeps
 * a scoring reference — rows per reference bin of every input feature and of the score.
 */
export interface ScoringProfile {
  rows: number;
  aboveThreshold: number;
  /** Per categorical column, [value, rows] of every value not seen in training (pairs, not an object: a value may be "__proto__"). */
  unseen: Record<string, [string, number][]>;
  /** Bin counts in the reference's feature order; null without a reference. */
  featureCounts: number[][] | null;
  scoreCounts: number[] | null;
}

export function profileFrame(frame: FeatureFrame, probabilities: Float64Array, threshold: number, reference: ScoringReference | null): ScoringProfile {
  let aboveThreshold = 0;
  for (let i = 0; i < probabilities.length; i++) if (probabilities[i] >= threshold) aboveThreshold++;
  const unseen: ScoringProfile["unseen"] = {};
  for (const column of CATEGORICAL_COLUMNS) {
    const category = frame.categories[column];
    unseen[column] = [];
    if (!category || !reference) continue;
    const known = new Set(reference.categories[column] ?? []);
    const isUnseen = category.dictionary.map((value) => !known.has(value));
    if (!isUnseen.some(Boolean)) continue;
    const counts = new Float64Array(category.dictionary.length);
    for (let i = 0; i < frame.rowCount; i++) counts[category.codes[i]]++;
    category.dictionary.forEach((value, c) => {
      if (isUnseen[c] && counts[c] > 0) unseen[column].push([value, counts[c]]);
    });
  }
  if (!reference) return { rows: frame.rowCount, aboveThreshold, unseen, featureCounts: null, scoreCounts: null };
  const featureCounts = reference.features.map((feature) => {
    const counts = new Float64Array(binCount(feature.bins));
    addBinCounts(feature.bins, baseFeatureValues(frame, feature.name), counts);
    return Array.from(counts);
  });
  const scoreCounts = new Float64Array(binCount(reference.score.bins));
  addBinCounts(reference.score.bins, probabilities, scoreCounts);
  return { rows: frame.rowCount, aboveThreshold, unseen, featureCounts, scoreCounts: Array.from(scoreCounts) };
}

/** The profile of the whole file from the profiles of its slices. */
export function mergeProfiles(profiles: ScoringProfile[]): ScoringProfile {
  const [first, ...rest] = profiles;
  if (!first) throw new RangeError("no profiles to merge");
  const merged: ScoringProfile = structuredClone(first);
  for (const p of rest) {
    merged.rows += p.rows;
    merged.aboveThreshold += p.aboveThreshold;
    for (const [column, values] of Object.entries(p.unseen)) {
      const into = new Map(merged.unseen[column] ?? []);
      for (const [value, n] of values) into.set(value, (into.get(value) ?? 0) + n);
      merged.unseen[column] = [...into];
    }
    if (merged.featureCounts && p.featureCounts) merged.featureCounts.forEach((counts, f) => counts.forEach((_, b) => (counts[b] += p.featureCounts![f][b])));
    if (merged.scoreCounts && p.scoreCounts) merged.scoreCounts.forEach((_, b) => (merged.scoreCounts![b] += p.scoreCounts![b]));
  }
  return merged;
}
