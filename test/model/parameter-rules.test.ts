import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCustomExperiment } from "../../lib/experiments/definitions/custom-experiment";
import { parseDefinition } from "../../lib/experiments/definitions/definition";
import { CLASS_WEIGHTS, DEFAULT_CLASS_WEIGHT, PENALTIES } from "../../lib/experiments/definitions/spec";
import { DEFAULT_MAX_ITER, DEFAULT_TOL, ParameterError, resolveLogisticOptions } from "../../lib/model/logistic-regression";
import { PARAMETER_RULES, checkPenaltyParameters, parameterMessage } from "../../lib/model/parameter-rules";

/**
 * The parameter rules are defined once (lib/model/parameter-rules.ts); the solver, the definition
 * schema and the browser form must accept and reject the same values with the same message.
 */

/** The three validators, each returning null when the value is accepted or its message. */
function solver(penalty: string, C: unknown, l1Ratio?: unknown): string | null {
  try {
    resolveLogisticOptions({ penalty, C, l1Ratio } as never, 3, 2);
    return null;
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    return error.message;
  }
}

function definition(penalty: string, C: unknown, l1Ratio?: unknown): string | null {
  const block = penalty === "none" ? { penalty } : penalty === "elasticnet" ? { penalty, C: [C], l1Ratio: [l1Ratio] } : { penalty, C: [C] };
  try {
    parseDefinition(JSON.stringify({ name: "x", grids: [{ encodings: ["none"], penalties: [block] }] }), "x.json");
    return null;
  } catch (error) {
    // "x.json: grids.0.penalties.0.C.0: <message>"
    return (error as Error).message.replace(/^x\.json: [^:]+: /, "");
  }
}

function form(penalty: string, C: unknown, l1Ratio?: unknown): string | null {
  const parsed = parseCustomExperiment({ encoding: "none", penalty, C, l1Ratio, classWeight: "none" });
  if ("spec" in parsed) return null;
  return Object.values(parsed.errors)[0] ?? null;
}

const C_VALUES = [1, 1e-8, 100, 0.5, Number.MIN_VALUE, 0, -1, -1e-12, 1e308];
const RATIO_VALUES = [0, 0.5, 1, -0.1, 1.5, 1 + 1e-12];

describe("one rule per parameter, used by the solver, the definition schema and the form", () => {
  it("C: the three accept and reject the same values with the same message", () => {
    for (const penalty of ["l2", "l1"]) {
      for (const C of C_VALUES) {
        const expected = PARAMETER_RULES.C.test(C) ? null : `C must be a finite number > 0, got ${C}`;
        expect([solver(penalty, C), definition(penalty, C), form(penalty, C)], `${penalty} C=${C}`).toEqual([expected, expected, expected]);
      }
    }
  });

  it("l1Ratio with elasticnet: the same values and message everywhere", () => {
    for (const r of RATIO_VALUES) {
      const expected = r >= 0 && r <= 1 ? null : `l1Ratio must be a number in [0, 1] when penalty is "elasticnet", got ${r}`;
      expect([solver("elasticnet", 1, r), definition("elasticnet", 1, r), form("elasticnet", 1, r)], `r=${r}`).toEqual([expected, expected, expected]);
    }
  });

  it("an unknown penalty or class weight gets the rule's message in the schema, the form and the solver", () => {
    const penaltyMessage = 'penalty must be one of "none", "l2", "l1", "elasticnet", got "lasso"';
    expect(solver("lasso", 1)).toBe(penaltyMessage);
    expect(definition("lasso", 1)).toBe(penaltyMessage);
    expect(parseCustomExperiment({ encoding: "none", penalty: "lasso", classWeight: "none" })).toEqual({ errors: { penalty: penaltyMessage } });
    const weightMessage = 'classWeight must be one of "none", "balanced", got "heavy"';
    expect(parseCustomExperiment({ encoding: "none", penalty: "none", classWeight: "heavy" })).toEqual({ errors: { classWeight: weightMessage } });
    expect(() => parseDefinition(JSON.stringify({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "none" }], classWeights: ["heavy"] }] }), "x.json")).toThrow(
      `x.json: grids.0.classWeights.0: ${weightMessage}`,
    );
  });

  it("every penalty the rules list is one the schema accepts, and the lists and defaults come from the rules", () => {
    for (const penalty of PARAMETER_RULES.penalty.values) expect(definition(penalty, 1, 0.5), penalty).toBeNull();
    expect(PENALTIES).toBe(PARAMETER_RULES.penalty.values);
    expect(CLASS_WEIGHTS).toBe(PARAMETER_RULES.classWeight.values);
    expect(DEFAULT_CLASS_WEIGHT).toBe(PARAMETER_RULES.classWeight.default);
    expect(DEFAULT_TOL).toBe(PARAMETER_RULES.tol.default);
    expect(DEFAULT_MAX_ITER).toBe(PARAMETER_RULES.maxIter.default);
    expect(checkPenaltyParameters({ penalty: "l2" }).C).toBe(PARAMETER_RULES.C.default);
    const resolved = resolveLogisticOptions({ penalty: "l2" }, 3, 2);
    expect([resolved.tol, resolved.maxIter, resolved.classWeight]).toEqual([PARAMETER_RULES.tol.default, PARAMETER_RULES.maxIter.default, null]);
    const grid = parseDefinition(JSON.stringify({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "none" }] }] }), "x.json").grids[0];
    expect(grid.classWeights).toEqual([PARAMETER_RULES.classWeight.default]);
  });

  it("parameterMessage is the ParameterError's message", () => {
    expect(parameterMessage("C", -2)).toBe(new ParameterError("C", "a finite number > 0", -2).message);
    expect(parameterMessage("maxIter", 0)).toBe("maxIter must be an integer >= 1, got 0");
  });
});

describe("a change to a rule shows up in every validator", () => {
  // A fresh copy of the modules whose rules table is changed before its users load it; the copy
  // the rest of this file imported is untouched.
  afterEach(() => vi.resetModules());

  it("with C capped at 10 and a third class weight, the solver, the schema, the form and the spec lists all follow", async () => {
    vi.resetModules();
    const rules = await import("../../lib/model/parameter-rules");
    const table = rules.PARAMETER_RULES as unknown as Record<string, unknown>;
    table.C = { ...rules.PARAMETER_RULES.C, requirement: "a finite number in (0, 10]", test: (v: unknown) => typeof v === "number" && v > 0 && v <= 10 };
    const weights = ["none", "balanced", "sqrt"] as const;
    table.classWeight = { values: weights, default: "none", requirement: 'one of "none", "balanced", "sqrt"', test: (v: unknown) => weights.includes(v as never) };
    const { resolveLogisticOptions: resolve, ParameterError: Err } = await import("../../lib/model/logistic-regression");
    const { parseDefinition: parse } = await import("../../lib/experiments/definitions/definition");
    const { parseCustomExperiment: parseForm } = await import("../../lib/experiments/definitions/custom-experiment");
    const spec = await import("../../lib/experiments/definitions/spec");

    const message = "C must be a finite number in (0, 10], got 100";
    let thrown: unknown;
    try {
      resolve({ penalty: "l2", C: 100 }, 3, 2);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Err);
    expect((thrown as Error).message).toBe(message);
    expect(() => parse(JSON.stringify({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "l2", C: [100] }] }] }), "x.json")).toThrow(`x.json: grids.0.penalties.0.C.0: ${message}`);
    expect(parseForm({ encoding: "none", penalty: "l2", C: "100", classWeight: "none" })).toEqual({ errors: { C: message } });
    expect(resolve({ penalty: "l2", C: 10 }, 3, 2).C).toBe(10);

    expect(spec.CLASS_WEIGHTS).toEqual(["none", "balanced", "sqrt"]);
    expect("spec" in parseForm({ encoding: "none", penalty: "none", classWeight: "sqrt" })).toBe(true);
    expect(parse(JSON.stringify({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "none" }], classWeights: ["sqrt"] }] }), "x.json").grids[0].classWeights).toEqual(["sqrt"]);
  });
});
