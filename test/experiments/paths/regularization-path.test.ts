import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { logSpaced, PATH_PENALTIES, pathFile, readPath, writePath, type RegularizationPath } from "../../../lib/experiments/paths/regularization-path";
import { PARAMETER_RULES } from "../../../lib/model/parameter-rules";
import { LIBRARY_VERSION } from "../../../lib/version";
import { tempDir } from "../../helpers/feature-frame-csv";

describe("logSpaced", () => {
  it("spaces evenly in log10 from min to max, both included", () => {
    expect(logSpaced(1e-4, 1, 5)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1]);
    expect(logSpaced(1, 100, 3)).toEqual([1, 10, 100]);
    // 10^(k/2): 1, 3.16228, 10 — rounded to 6 significant digits so the C values print and key cleanly
    expect(logSpaced(1, 10, 3)).toEqual([1, 3.16228, 10]);
  });

  it("gives [min] for one point", () => {
    expect(logSpaced(0.5, 100, 1)).toEqual([0.5]);
  });
});

describe("PATH_PENALTIES", () => {
  it("is every penalty with a C, i.e. all but 'none'", () => {
    expect([...PATH_PENALTIES].sort()).toEqual(PARAMETER_RULES.penalty.values.filter((p) => p !== "none").sort());
    expect(PATH_PENALTIES).not.toContain("none");
    expect(PATH_PENALTIES).toContain("l1");
  });
});

describe("writePath and readPath", () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(tempDir("pushlab-regularization-path-"), "paths"); // not created yet: writePath creates it
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  const stored = (): RegularizationPath => ({
    format: "pushlab-path-v1",
    encoding: "frequency",
    penalty: "l1",
    l1Ratio: null,
    dataFingerprint: "fp-1",
    libraryVersion: LIBRARY_VERSION,
    createdAt: "2026-01-01T00:00:00.000Z",
    featureNames: ["ordered_before"],
    tol: 1e-6,
    points: [
      {
        C: 0.01,
        iterations: 4,
        converged: true,
        coef: [0.25],
        intercept: -2,
        nonZero: 1,
        averagePrecision: 0.3,
        rocAuc: 0.7,
        f03: 0.2,
        bestThreshold: 0.4,
        intervals: {} as RegularizationPath["points"][number]["intervals"],
        curve: [{ threshold: 0.4, precision: 0.5, recall: 0.25, f03: 0.45 }] as RegularizationPath["points"][number]["curve"],
      },
    ],
    seconds: { features: 0.1, fits: 0.2, total: 0.3 },
  });

  it("round-trips a path to <encoding>-<penalty>.json under the paths folder", () => {
    writePath(dir, stored());
    expect(pathFile(dir, "frequency", "l1")).toBe(path.join(dir, "frequency-l1.json"));
    expect(fs.readdirSync(dir)).toEqual(["frequency-l1.json"]); // no temp file left behind
    expect(readPath(dir, "frequency", "l1", "fp-1")).toEqual(stored());
  });

  it("is null for another data file, another library version, another format, a torn file or no file", () => {
    expect(readPath(dir, "frequency", "l1", "fp-1")).toBeNull();
    writePath(dir, stored());
    expect(readPath(dir, "frequency", "l1", "fp-2")).toBeNull();
    expect(readPath(dir, "frequency", "l2", "fp-1")).toBeNull();
    const file = pathFile(dir, "frequency", "l1");
    for (const text of [JSON.stringify({ ...stored(), libraryVersion: "0.0.1+r0" }), JSON.stringify({ ...stored(), format: "pushlab-path-v0" }), JSON.stringify(stored()).slice(0, 50)]) {
      fs.writeFileSync(file, text);
      expect(readPath(dir, "frequency", "l1", "fp-1")).toBeNull();
    }
  });
});
