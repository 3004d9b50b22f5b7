import { ParameterError } from "./errors";
import { NAMED_CLASS_WEIGHTS, PENALTIES, type Penalty } from "./penalties";

/**
 * The logistic regression's parameters — names, allowed values or ranges, defaults and the one message
 * for a bad value — defined once. The solver (resolveLogisticOptions), the experiment definition's
 * schema (definition.ts), the browser's new-experiment form (custom-experiment.ts) and the experiment
 * specs (spec.ts) all derive from this table; it imports no schema library and no solver, so the form's
 * bundle carries neither.
 */

export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

interface ChoiceRule<V extends readonly [string, ...string[]]> {
  values: V;
  default: V[number];
  requirement: string;
  test: (value: unknown) => value is V[number];
}

interface NumberRule {
  /** What a valid value is, as the error message says it: "C must be <requirement>, got …". */
  requirement: string;
  test: (value: unknown) => value is number;
  default?: number;
  /** The form's message for text that is not a number at all. */
  notANumber?: string;
}

function choice<const V extends readonly [string, ...string[]]>(values: V, defaultValue: V[number]): ChoiceRule<V> {
  return { values, default: defaultValue, requirement: `one of ${quoted(values)}`, test: (v): v is V[number] => values.includes(v as V[number]) };
}

export const PARAMETER_RULES = {
  /** Defaults to "l2" as scikit-learn's LogisticRegression. */
  penalty: choice(PENALTIES, "l2"),
  /** Inverse regularisation strength; multiplies the summed log-loss. Ignored for "none". */
  C: { requirement: "a finite number > 0", test: (v: unknown): v is number => isFiniteNumber(v) && v > 0, default: 1, notANumber: "C must be a number" } satisfies NumberRule,
  /** The elastic-net mixing r (share of L1); required for "elasticnet", otherwise only range-checked. */
  l1Ratio: { requirement: "a number in [0, 1]", test: (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= 1, notANumber: "the L1 ratio must be a number" } satisfies NumberRule,
  /** The class weights an experiment can name; the solver also takes explicit {0: w0, 1: w1}. */
  classWeight: choice(NAMED_CLASS_WEIGHTS, "none"),
  /** Max-abs projected gradient of the rescaled objective at which the solvers stop. */
  tol: { requirement: "a finite number >= 0", test: (v: unknown): v is number => isFiniteNumber(v) && v >= 0, default: 1e-6 } satisfies NumberRule,
  /** Maximum number of quasi-Newton iterations (line searches). */
  maxIter: { requirement: "an integer >= 1", test: (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1, default: 1000 } satisfies NumberRule,
} as const;

export type RuledParameter = keyof typeof PARAMETER_RULES;

/** Where l1Ratio is checked changes what the message adds after the range. */
export const L1_RATIO_CONTEXT = { elasticnet: ' when penalty is "elasticnet"', otherPenalty: " (it is only used by elasticnet)" } as const;

/** The one message for a bad value, e.g. `C must be a finite number > 0, got -1`. */
export function parameterMessage(name: RuledParameter, value: unknown, context = ""): string {
  return new ParameterError(name, PARAMETER_RULES[name].requirement + context, value).message;
}

/** Throws the ParameterError naming the parameter, its rule and the value unless the value passes the rule. */
export function checkParameter(name: RuledParameter, value: unknown, context = ""): void {
  if (!PARAMETER_RULES[name].test(value)) throw new ParameterError(name, PARAMETER_RULES[name].requirement + context, value);
}

/** Checks penalty, C (default 1) and l1Ratio; returns C and the L1 share r. Throws ParameterError. */
export function checkPenaltyParameters(options: { penalty: Penalty; C?: number; l1Ratio?: number }): { C: number; l1Ratio: number } {
  const { penalty } = options;
  checkParameter("penalty", penalty);

  const C = options.C ?? PARAMETER_RULES.C.default;
  if (!PARAMETER_RULES.C.test(C)) throw new ParameterError("C", PARAMETER_RULES.C.requirement, options.C);

  let l1Ratio = penalty === "l1" ? 1 : 0;
  if (penalty === "elasticnet") {
    checkParameter("l1Ratio", options.l1Ratio, L1_RATIO_CONTEXT.elasticnet);
    l1Ratio = options.l1Ratio as number;
  } else if (options.l1Ratio !== undefined) {
    checkParameter("l1Ratio", options.l1Ratio, L1_RATIO_CONTEXT.otherPenalty);
  }
  return { C, l1Ratio };
}
