import { describe, expect, it } from "vitest";
import { BASE_FEATURE_NAMES } from "../../../lib/features/base-features";
import { CLASS_WEIGHTS, formatC, logisticId, makeLogisticSpec, PENALTIES } from "../../../lib/experiments/definitions/spec";

const params = { encoding: "frequency", penalty: "l2", C: 0.01, l1Ratio: null, classWeight: "none", features: null } as const;

describe("formatC", () => {
  it("spells C compactly and path-safely", () => {
    expect(formatC(1e-6)).toBe("1e-6");
    expect(formatC(100)).toBe("1e2");
    expect(formatC(0.5)).toBe("5e-1");
    expect(formatC(1)).toBe("1e0");
    expect(formatC(2.5e-3)).toBe("2.5e-3");
  });
});

describe("logisticId", () => {
  it("names encoding, penalty, C, l1_ratio and class weights", () => {
    expect(logisticId(params)).toBe("lr-frequency-l2-C1e-2-unweighted");
    expect(logisticId({ ...params, penalty: "elasticnet", l1Ratio: 0.5, classWeight: "balanced" })).toBe("lr-frequency-elasticnet-C1e-2-l1r0.5-balanced");
    expect(logisticId({ ...params, penalty: "none", C: null })).toBe("lr-frequency-none-unweighted");
    // C means nothing without a penalty, l1_ratio nothing outside elastic-net.
    expect(logisticId({ ...params, penalty: "none", C: 3 })).toBe("lr-frequency-none-unweighted");
    expect(logisticId({ ...params, l1Ratio: 0.5 })).toBe("lr-frequency-l2-C1e-2-unweighted");
  });

  it("tags a feature subset with the FNV-1a hash of its sorted names, and all features with nothing", () => {
    // FNV-1a 32-bit test vectors: "a" → e40c292c, "foobar" → bf9cf968.
    expect(logisticId({ ...params, features: ["a"] })).toBe("lr-frequency-l2-C1e-2-unweighted-fe40c292c");
    expect(logisticId({ ...params, features: ["foobar"] })).toBe("lr-frequency-l2-C1e-2-unweighted-fbf9cf968");
    expect(logisticId({ ...params, features: [...BASE_FEATURE_NAMES].reverse() })).toBe("lr-frequency-l2-C1e-2-unweighted");
  });
});

describe("makeLogisticSpec", () => {
  it("normalizes what the penalty ignores and sorts a feature subset, so equal experiments get one id", () => {
    const spec = makeLogisticSpec({ ...params, penalty: "none", C: 1, l1Ratio: 0.3, features: ["ordered_before", "global_popularity"] });
    expect(spec).toMatchObject({ kind: "logreg", penalty: "none", C: null, l1Ratio: null, features: ["global_popularity", "ordered_before"] });
    expect(makeLogisticSpec({ ...params, features: ["ordered_before", "global_popularity"] }).id).toBe(makeLogisticSpec({ ...params, features: ["global_popularity", "ordered_before"] }).id);
    expect(makeLogisticSpec({ ...params, features: [...BASE_FEATURE_NAMES] }).features).toBeNull();
    expect(makeLogisticSpec({ ...params, penalty: "elasticnet", l1Ratio: 0.7 }).l1Ratio).toBe(0.7);
  });

  it("lists the penalties and class weights the parameter rules allow", () => {
    expect([...PENALTIES].sort()).toEqual(["elasticnet", "l1", "l2", "none"]);
    expect([...CLASS_WEIGHTS].sort()).toEqual(["balanced", "none"]);
  });
});
