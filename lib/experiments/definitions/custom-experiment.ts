import { BASE_FEATURE_NAMES } from "../../features/base-features";
import { ENCODINGS, type Encoding } from "../../features/encodings";
import { ParameterError } from "../../model/errors";
import { checkPenaltyParameters } from "../../model/parameter-rules";
import { CLASS_WEIGHTS, PENALTIES, makeLogisticSpec, type ClassWeight, type LogisticSpec, type Penalty } from "./spec";

/**
 * A new experiment asked for from the browser: the raw form values are validated with the library's
 * own rules (the solver's parameter checks), so the page shows exactly the messages `pushlab run` would.
 * The module imports no schema library and no solver: the browser runs the same checks as the server.
 */

export interface CustomExperimentInput {
  encoding?: unknown;
  penalty?: unknown;
  C?: unknown;
  l1Ratio?: unknown;
  classWeight?: unknown;
  features?: unknown;
}

export type FieldErrors = Partial<Record<"encoding" | "penalty" | "C" | "l1Ratio" | "classWeight" | "features", string>>;

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return undefined;
}

export function parseCustomExperiment(input: CustomExperimentInput): { spec: LogisticSpec } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const encoding = input.encoding as Encoding;
  if (!ENCODINGS.includes(encoding)) errors.encoding = `encoding must be one of ${ENCODINGS.join(", ")}`;
  const penalty = input.penalty as Penalty;
  if (!PENALTIES.includes(penalty)) errors.penalty = `penalty must be one of ${PENALTIES.join(", ")}`;
  const classWeight = input.classWeight as ClassWeight;
  if (!CLASS_WEIGHTS.includes(classWeight)) errors.classWeight = `class weight must be one of ${CLASS_WEIGHTS.join(", ")}`;
  const C = penalty === "none" ? undefined : toNumber(input.C);
  const l1Ratio = penalty === "elasticnet" ? toNumber(input.l1Ratio) : undefined;
  // Text that is not a number gets its own message (the solver's check would call NaN "out of range").
  if (!errors.penalty && penalty !== "none" && C !== undefined && Number.isNaN(C)) errors.C = "C must be a number";
  if (!errors.penalty && penalty === "elasticnet" && l1Ratio !== undefined && Number.isNaN(l1Ratio)) errors.l1Ratio = "the L1 ratio must be a number";
  if (!errors.penalty && !errors.C && !errors.l1Ratio) {
    try {
      checkPenaltyParameters({ penalty, C: penalty === "none" ? undefined : (C ?? NaN), l1Ratio });
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      const field = error.parameter === "l1Ratio" ? "l1Ratio" : "C";
      errors[field] = error.message;
    }
  }
  let features: string[] | null = null;
  if (input.features !== undefined && input.features !== null) {
    if (!Array.isArray(input.features) || input.features.some((f) => typeof f !== "string" || !BASE_FEATURE_NAMES.includes(f))) {
      errors.features = "features must be a list of known base features";
    } else if (input.features.length === 0 && encoding === "none") {
      errors.features = "pick at least one feature (or an encoding)";
    } else features = input.features as string[];
  }
  if (Object.keys(errors).length) return { errors };
  return { spec: makeLogisticSpec({ encoding, penalty, C: C ?? null, l1Ratio: l1Ratio ?? null, classWeight, features }) };
}

/** The definition file saved for an experiment created in the browser, so `pushlab run` reproduces it. */
export function definitionFor(spec: LogisticSpec): object {
  const block =
    spec.penalty === "none"
      ? { penalty: "none" }
      : spec.penalty === "elasticnet"
        ? { penalty: "elasticnet", C: [spec.C], l1Ratio: [spec.l1Ratio] }
        : { penalty: spec.penalty, C: [spec.C] };
  return {
    name: spec.id.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
    description: `Created from the browser: ${spec.id}`,
    grids: [{ encodings: [spec.encoding], penalties: [block], classWeights: [spec.classWeight], ...(spec.features ? { features: spec.features } : {}) }],
  };
}
