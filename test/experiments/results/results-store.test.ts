import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import {
  UnknownExperimentError,
  isValidExperimentId,
  listResultIds,
  readAllResults,
  readResult,
  readScores,
  readValidationContext,
  requireResult,
  writeResult,
  writeScores,
  writeValidationContext,
} from "../../../lib/experiments/results/results-store";

function result(id: string, ap = 0.2): ExperimentResult {
  return { format: "pushlab-result-v2", id, validation: { averagePrecision: ap } } as unknown as ExperimentResult;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-results-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the results store", () => {
  it("writes, lists and reads results by id, sorted, skipping anything that is not a result file", () => {
    writeResult(dir, result("lr-b"));
    writeResult(dir, result("baseline-a"));
    fs.writeFileSync(path.join(dir, ".lr-c.json.tmp-123"), "{}");
    fs.writeFileSync(path.join(dir, "_annotations.json"), "{}");
    fs.writeFileSync(path.join(dir, "notes.txt"), "x");
    expect(listResultIds(dir)).toEqual(["baseline-a", "lr-b"]);
    expect(readResult(dir, "lr-b")?.id).toBe("lr-b");
    expect(readAllResults(dir).map((r) => r.id)).toEqual(["baseline-a", "lr-b"]);
  });

  it("has no results in a folder that does not exist", () => {
    expect(listResultIds(path.join(dir, "missing"))).toEqual([]);
    expect(readAllResults(path.join(dir, "missing"))).toEqual([]);
  });

  it("never builds a path from an id that is not path-safe", () => {
    for (const id of ["../x", "a/b", "..", "", "a..b", "x y", 3 as unknown as string]) {
      expect(isValidExperimentId(id)).toBe(false);
      expect(readResult(dir, id)).toBeNull();
      expect(readScores(dir, id)).toBeNull();
    }
    expect(() => writeResult(dir, result("../escape"))).toThrow(UnknownExperimentError);
    expect(fs.existsSync(path.join(dir, "..", "escape.json"))).toBe(false);
  });

  it("reads a file that is not a result, or a result under another id, as absent", () => {
    fs.writeFileSync(path.join(dir, "broken.json"), "{ not json");
    fs.writeFileSync(path.join(dir, "other.json"), JSON.stringify({ format: "something-else", id: "other" }));
    // The previous format (its provenance field was named `currency`): stale, so it is run again.
    fs.writeFileSync(path.join(dir, "older.json"), JSON.stringify({ format: "pushlab-result-v1", id: "older", currency: { dataFingerprint: "x", specHash: "x", libraryVersion: "x" } }));
    expect(readResult(dir, "older")).toBeNull();
    fs.writeFileSync(path.join(dir, "renamed.json"), JSON.stringify(result("original")));
    for (const id of ["broken", "other", "renamed", "absent"]) expect(readResult(dir, id)).toBeNull();
    expect(readAllResults(dir)).toEqual([]);
    expect(() => requireResult(dir, "absent")).toThrow("unknown experiment id 'absent'");
  });

  it("reads a rewritten result anew (the parsed copy is kept only while the file is unchanged)", () => {
    writeResult(dir, result("lr-a", 0.1));
    expect(readResult(dir, "lr-a")?.validation.averagePrecision).toBe(0.1);
    expect(readResult(dir, "lr-a")).toBe(readResult(dir, "lr-a"));
    writeResult(dir, result("lr-a", 0.3));
    const file = path.join(dir, "lr-a.json");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later); // a distinct mtime even on a coarse-grained file system
    expect(readResult(dir, "lr-a")?.validation.averagePrecision).toBe(0.3);
  });

  it("keeps validation scores as exact float64 beside the result", () => {
    const scores = Float64Array.from([0.1, 1 / 3, Number.MIN_VALUE, 1 - Number.EPSILON]);
    writeScores(dir, "lr-a", scores);
    expect(Array.from(readScores(dir, "lr-a")!)).toEqual(Array.from(scores));
    expect(readScores(dir, "lr-missing")).toBeNull();
    fs.writeFileSync(path.join(dir, "lr-odd.scores.f64"), Buffer.alloc(12));
    expect(readScores(dir, "lr-odd")).toBeNull();
    expect(() => writeScores(dir, "../x", scores)).toThrow(UnknownExperimentError);
  });

  it("writes the validation context once per data fingerprint and refuses a fingerprint that is not hex", () => {
    writeValidationContext(dir, "abc123", Float64Array.from([7, 7, 9]), Float64Array.from([0, 1, 0]));
    writeValidationContext(dir, "abc123", Float64Array.from([1]), Float64Array.from([1])); // already there: kept
    const context = readValidationContext(dir, "abc123")!;
    expect([Array.from(context.orderIds), Array.from(context.labels)]).toEqual([[7, 7, 9], [0, 1, 0]]);
    expect(readValidationContext(dir, "fff")).toBeNull();
    expect(() => writeValidationContext(dir, "../x", new Float64Array(0), new Float64Array(0))).toThrow(/bad data fingerprint/);
    expect(readValidationContext(dir, "../x")).toBeNull();
  });
});
