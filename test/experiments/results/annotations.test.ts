import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { annotateExperiment, experimentStatus, filterForReport, inReport, parseTags, readAnnotations } from "../../../lib/experiments/results/annotations";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import { tempDir } from "../../helpers/feature-frame-csv";

const home = tempDir("pushlab-annotations-");
const resultsDir = path.join(home, "results");
const experimentsDir = path.join(home, "experiments");
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function storeResult(id: string): ExperimentResult {
  fs.mkdirSync(resultsDir, { recursive: true });
  const result = { format: "pushlab-result-v2", id } as ExperimentResult;
  fs.writeFileSync(path.join(resultsDir, `${id}.json`), JSON.stringify(result));
  return result;
}

describe("experiment annotations", () => {
  it("keeps tags, a note and archived/promoted flags per stored experiment, and leaves the result on disk", async () => {
    const a = storeResult("lr-a");
    storeResult("lr-b");
    await annotateExperiment(resultsDir, "lr-a", { tags: parseTags("wide, try again, wide"), note: "  looks good  " }, "test");
    await annotateExperiment(resultsDir, "lr-a", { archived: true }, "test");
    const all = readAnnotations(resultsDir);
    expect(all["lr-a"]).toMatchObject({ tags: ["wide", "try again"], note: "looks good", archived: true, promoted: false, by: "test" });
    expect(fs.existsSync(path.join(resultsDir, "lr-a.json"))).toBe(true);
    expect(filterForReport([a], all, experimentsDir)).toEqual([]);
    await annotateExperiment(resultsDir, "lr-a", { archived: false }, "test");
    expect(filterForReport([a], readAnnotations(resultsDir), experimentsDir)).toEqual([a]);
  });

  it("rejects unknown ids, odd tags, long notes and non-boolean flags without writing", async () => {
    const before = fs.readFileSync(path.join(resultsDir, "_annotations.json"), "utf8");
    await expect(annotateExperiment(resultsDir, "../etc/passwd", { note: "x" }, "t")).rejects.toThrow(/unknown experiment id/);
    await expect(annotateExperiment(resultsDir, "nope", { note: "x" }, "t")).rejects.toThrow(/unknown experiment id/);
    await expect(annotateExperiment(resultsDir, "lr-b", { tags: ["<script>"] }, "t")).rejects.toThrow(/tag/);
    await expect(annotateExperiment(resultsDir, "lr-b", { tags: Array.from({ length: 9 }, (_, k) => `t${k}`) }, "t")).rejects.toThrow(/at most 8/);
    await expect(annotateExperiment(resultsDir, "lr-b", { note: "x".repeat(1001) }, "t")).rejects.toThrow(/longer/);
    await expect(annotateExperiment(resultsDir, "lr-b", { archived: "yes" as unknown as boolean }, "t")).rejects.toThrow(/true or false/);
    expect(fs.readFileSync(path.join(resultsDir, "_annotations.json"), "utf8")).toBe(before);
  });

  it("an experiment started from the browser stays out of the report until promoted", async () => {
    const c = storeResult("lr-from-browser");
    fs.mkdirSync(experimentsDir, { recursive: true });
    fs.writeFileSync(path.join(experimentsDir, "lr-from-browser.json"), "{}");
    const status = experimentStatus(readAnnotations(resultsDir), experimentsDir, "lr-from-browser");
    expect(status).toMatchObject({ browserStarted: true, promoted: false, archived: false });
    expect(inReport(status)).toBe(false);
    await annotateExperiment(resultsDir, "lr-from-browser", { promoted: true }, "t");
    expect(filterForReport([c], readAnnotations(resultsDir), experimentsDir)).toEqual([c]);
    await annotateExperiment(resultsDir, "lr-from-browser", { archived: true }, "t");
    expect(filterForReport([c], readAnnotations(resultsDir), experimentsDir)).toEqual([]);
    // A prototype key is not an annotation.
    expect(experimentStatus(readAnnotations(resultsDir), experimentsDir, "constructor").archived).toBe(false);
  });
});
