import { z } from "zod";
import { BASE_FEATURE_NAMES } from "../../features/base-features";
import { ENCODINGS } from "../../features/encodings";
import { BASELINE_SCORES, CLASS_WEIGHTS, makeLogisticSpec, type ExperimentSpec } from "./spec";
export * from "./spec";

/**
 * Experiment definitions: a JSON file in experiments/ declares baselines and grids; each grid expands
 * to one experiment per encoding × penalty × C × l1Ratio × class weight. Every experiment gets a
 * stable, readable id derived from its parameters, so the same parameters always mean the same result.
 */

const positiveC = z.number().finite().gt(0, { message: "C must be > 0" });
const l1Ratio = z.number().min(0, { message: "l1Ratio must be in [0, 1]" }).max(1, { message: "l1Ratio must be in [0, 1]" });
const featureName = z.string().refine((name) => BASE_FEATURE_NAMES.includes(name), { error: (issue) => `unknown feature '${String(issue.input)}'` });

const penaltyBlock = z.discriminatedUnion("penalty", [
  z.object({ penalty: z.literal("none") }).strict(),
  z.object({ penalty: z.literal("l2"), C: z.array(positiveC).min(1) }).strict(),
  z.object({ penalty: z.literal("l1"), C: z.array(positiveC).min(1) }).strict(),
  z.object({ penalty: z.literal("elasticnet"), C: z.array(positiveC).min(1), l1Ratio: z.array(l1Ratio).min(1) }).strict(),
]);

export const definitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "name: lower-case letters, digits and dashes"),
    description: z.string().optional(),
    baselines: z.array(z.object({ score: z.enum(BASELINE_SCORES) }).strict()).default([]),
    grids: z
      .array(
        z
          .object({
            encodings: z.array(z.enum(ENCODINGS)).min(1),
            penalties: z.array(penaltyBlock).min(1),
            classWeights: z.array(z.enum(CLASS_WEIGHTS)).min(1).default(["none"]),
            features: z.array(featureName).min(1).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type ExperimentDefinition = z.infer<typeof definitionSchema>;

export function expandDefinition(definition: ExperimentDefinition): ExperimentSpec[] {
  const specs: ExperimentSpec[] = definition.baselines.map((b) => ({ kind: "baseline", id: `baseline-${b.score}`, score: b.score }));
  for (const grid of definition.grids) {
    for (const encoding of grid.encodings) {
      for (const block of grid.penalties) {
        const Cs = block.penalty === "none" ? [null] : block.C;
        const ratios = block.penalty === "elasticnet" ? block.l1Ratio : [null];
        for (const C of Cs) {
          for (const ratio of ratios) {
            for (const classWeight of grid.classWeights) {
              specs.push(makeLogisticSpec({ encoding, penalty: block.penalty, C, l1Ratio: ratio, classWeight, features: grid.features ?? null }));
            }
          }
        }
      }
    }
  }
  const seen = new Set<string>();
  return specs.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** Parses and validates a definition; errors name the file and the path of the bad field. */
export function parseDefinition(text: string, file: string): ExperimentDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}
