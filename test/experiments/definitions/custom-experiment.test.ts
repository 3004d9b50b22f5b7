import { describe, expect, it } from "vitest";
import { expandDefinition, parseDefinition } from "../../../lib/experiments/definitions/definition";
import { definitionFor, parseCustomExperiment } from "../../../lib/experiments/definitions/custom-experiment";

describe("parseCustomExperiment", () => {
  it("builds the same spec and id as the definition files", () => {
    const parsed = parseCustomExperiment({ encoding: "onehot", penalty: "elasticnet", C: "0.01", l1Ratio: "0.5", classWeight: "none" });
    expect("spec" in parsed && parsed.spec.id).toBe("lr-onehot-elasticnet-C1e-2-l1r0.5-unweighted");
    if (!("spec" in parsed)) throw new Error("expected a spec");
    const again = expandDefinition(parseDefinition(JSON.stringify(definitionFor(parsed.spec)), "x.json"));
    expect(again).toEqual([parsed.spec]);
  });

  it("shows the solver's own validation messages per field", () => {
    const bad = parseCustomExperiment({ encoding: "onehot", penalty: "l2", C: "-3", classWeight: "none" });
    expect("errors" in bad && bad.errors.C).toMatch(/C must be a finite number > 0, got -3/);
    const ratio = parseCustomExperiment({ encoding: "none", penalty: "elasticnet", C: "1", l1Ratio: "1.5", classWeight: "none" });
    expect("errors" in ratio && ratio.errors.l1Ratio).toMatch(/l1Ratio must be a number in \[0, 1\]/);
    const empty = parseCustomExperiment({ encoding: "x", penalty: "l2", C: "", classWeight: "heavy" });
    expect("errors" in empty && Object.keys(empty.errors).sort()).toEqual(["C", "classWeight", "encoding"]);
    const features = parseCustomExperiment({ encoding: "none", penalty: "none", classWeight: "none", features: ["order_id"] });
    expect("errors" in features && features.errors.features).toMatch(/known base features/);
  });

  it("says a value that is not a number is not a number", () => {
    const abc = parseCustomExperiment({ encoding: "none", penalty: "l2", C: "abc", classWeight: "none" });
    expect("errors" in abc && abc.errors.C).toBe("C must be a number");
    const ratio = parseCustomExperiment({ encoding: "none", penalty: "elasticnet", C: "1", l1Ratio: "half", classWeight: "none" });
    expect("errors" in ratio && ratio.errors.l1Ratio).toBe("the L1 ratio must be a number");
    // No penalty: C is not used, so text in it is no error.
    expect("spec" in parseCustomExperiment({ encoding: "none", penalty: "none", C: "abc", classWeight: "none" })).toBe(true);
  });
});
