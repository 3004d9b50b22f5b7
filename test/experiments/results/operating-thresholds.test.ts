import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepOperatingThreshold, keptThreshold, readOperatingThresholds, validateThreshold } from "../../../lib/experiments/results/operating-thresholds";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import { writeResult } from "../../../lib/experiments/results/results-store";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-thresholds-"));
  writeResult(dir, { format: "pushlab-result-v2", id: "lr-a" } as unknown as ExperimentResult);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("validateThreshold", () => {
  it("accepts decimal numbers in [0, 1] written as people write them", () => {
    for (const [input, expected] of [["0.35", 0.35], [".5", 0.5], ["1", 1], ["0", 0], [" 3.5e-1 ", 0.35], [0.2, 0.2], [1, 1]] as const) expect(validateThreshold(input)).toBe(expected);
  });

  it("refuses anything else with one message naming the value", () => {
    for (const bad of ["0x1", "0b1", "Infinity", "", " ", "1.5", "-0.1", "abc", "1e3", NaN, Infinity, -1, 2, null, undefined, {}, [0.5]]) {
      expect(() => validateThreshold(bad), String(bad)).toThrow(/^threshold must be a decimal number in \[0, 1\], got /);
    }
  });
});

describe("kept operating thresholds", () => {
  it("keeps one threshold per stored experiment and reads it back", async () => {
    expect(readOperatingThresholds(dir)).toEqual({});
    const kept = await keepOperatingThreshold(dir, "lr-a", "0.25", "tester");
    expect(kept).toMatchObject({ threshold: 0.25, by: "tester" });
    expect(keptThreshold(dir, "lr-a")).toEqual(kept);
    await keepOperatingThreshold(dir, "lr-a", 0.4, "tester");
    expect(keptThreshold(dir, "lr-a")?.threshold).toBe(0.4);
    expect(keptThreshold(dir, "lr-other")).toBeNull();
  });

  it("refuses an id that is not in the results store and a bad threshold, writing nothing", async () => {
    await expect(keepOperatingThreshold(dir, "lr-missing", 0.3, "x")).rejects.toThrow("unknown experiment id 'lr-missing'");
    await expect(keepOperatingThreshold(dir, "lr-a", "2", "x")).rejects.toThrow(/threshold must be/);
    expect(fs.existsSync(path.join(dir, "_operating-thresholds.json"))).toBe(false);
  });

  it("ignores an entry edited by hand to a value out of range, and inherited keys", () => {
    fs.writeFileSync(path.join(dir, "_operating-thresholds.json"), JSON.stringify({ "lr-a": { threshold: 7, keptAt: "", by: "" } }));
    expect(keptThreshold(dir, "lr-a")).toBeNull();
    expect(keptThreshold(dir, "toString")).toBeNull();
    fs.writeFileSync(path.join(dir, "_operating-thresholds.json"), "{ broken");
    expect(readOperatingThresholds(dir)).toEqual({});
  });
});
