import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { checkBinaryLabels, checkFinite, checkLabelsAndProbabilities, checkLabelsAndScores, checkNonEmpty, checkProbabilities, checkSameLength } from "../../lib/metrics/validate";

function errorOf(f: () => unknown): MetricInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof MetricInputError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("the metric input checks", () => {
  it("count the positives of valid input", () => {
    expect(checkBinaryLabels("yTrue", [0, 1, 1, 0, 1])).toBe(3);
    expect(checkLabelsAndScores([1, 0], [0.3, -2])).toBe(1);
    expect(checkLabelsAndProbabilities([1, 1, 0], [0, 1, 0.5])).toBe(2);
  });

  it("name the argument, the index and the value at fault", () => {
    const label = errorOf(() => checkBinaryLabels("yTrue", [0, 1, 2]));
    expect(label).toMatchObject({ argument: "yTrue", index: 2, message: "yTrue[2] must be 0 or 1, got 2" });
    const nan = errorOf(() => checkFinite("yScore", [0.5, NaN]));
    expect(nan).toMatchObject({ argument: "yScore", index: 1, message: "yScore[1] must be a finite number, got NaN" });
    expect(errorOf(() => checkFinite("yScore", [Infinity])).message).toBe("yScore[0] must be a finite number, got Infinity");
    const prob = errorOf(() => checkProbabilities("yProb", [0.2, 1.0000001]));
    expect(prob).toMatchObject({ argument: "yProb", index: 1 });
    expect(errorOf(() => checkProbabilities("yProb", [-0.1])).message).toBe("yProb[0] must be a probability in [0, 1], got -0.1");
  });

  it("refuse mismatched lengths and empty input", () => {
    expect(errorOf(() => checkSameLength("yTrue", [1, 0], "yScore", [0.1])).message).toBe("yTrue and yScore must have the same length, got 2 and 1");
    expect(errorOf(() => checkNonEmpty("yTrue", [])).message).toBe("yTrue must not be empty");
    expect(errorOf(() => checkLabelsAndScores([], [])).argument).toBe("yTrue");
    expect(errorOf(() => checkLabelsAndScores([1, 0], [0.1], "probabilities")).message).toBe("yTrue and probabilities must have the same length, got 2 and 1");
  });

  it("check labels before scores, and name the score argument as given", () => {
    expect(errorOf(() => checkLabelsAndScores([3], [NaN])).argument).toBe("yTrue");
    expect(errorOf(() => checkLabelsAndScores([1], [NaN], "probabilities")).message).toBe("probabilities[0] must be a finite number, got NaN");
    expect(errorOf(() => checkLabelsAndProbabilities([0], [2])).argument).toBe("yProb");
  });
});
