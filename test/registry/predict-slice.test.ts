import { describe, expect, it } from "vitest";
import { CATEGORICAL_COLUMNS, COLUMN_NAMES, TARGET_COLUMN } from "../../lib/data/schema";
import type { PipelineState } from "../../lib/features/pipeline";
import { addProfile, formatSuffixes, modelColumns, outputHeader, predictionLines, SCORING_COLUMNS } from "../../lib/registry/predict-slice";
import type { ScoringProfile } from "../../lib/monitoring/scoring-profile";

describe("the columns a scoring file needs", () => {
  it("are the schema's without the outcome", () => {
    expect(SCORING_COLUMNS).toHaveLength(COLUMN_NAMES.length - 1);
    expect(SCORING_COLUMNS).not.toContain(TARGET_COLUMN);
    expect(SCORING_COLUMNS.every((c) => COLUMN_NAMES.includes(c))).toBe(true);
  });

  it("a model reads its base features, created_at for the date features, and every category", () => {
    const pipeline = { baseFeatures: ["normalised_price", "created_hour", "created_day_of_week", "ordered_before"] } as unknown as PipelineState;
    const columns = modelColumns(pipeline);
    expect(columns).toEqual([...CATEGORICAL_COLUMNS, "normalised_price", "created_at", "ordered_before"]);
    expect(new Set(columns).size).toBe(columns.length);
  });
});

describe("output lines", () => {
  it("the header is the input's plus the two new columns", () => {
    expect(outputHeader(Buffer.from("a,b,c")).toString()).toBe("a,b,c,purchase_probability,predicted_purchase\n");
  });

  it("each suffix is ',p,decision' with p printed as the shortest round trip and pushed at p ≥ threshold", () => {
    const probabilities = Float64Array.from([0.25, 0.1 + 0.2, 1e-7, 0.3, 0]);
    const { suffixes, suffixEnds, pushes } = formatSuffixes(probabilities, 0.3);
    expect(suffixes.toString()).toBe(",0.25,0\n,0.30000000000000004,1\n,1e-7,0\n,0.3,1\n,0,0\n");
    expect(pushes).toBe(2);
    expect(Array.from(suffixEnds)).toEqual([8, 31, 39, 46, 51]);
    for (let i = 0; i < probabilities.length; i++) expect(Number(suffixes.toString().split("\n")[i].split(",")[1])).toBe(probabilities[i]);
  });

  it("keeps every byte at the longest printed probabilities (23 characters, e.g. 2.2250738585072014e-308)", () => {
    const n = 5000;
    const probabilities = Float64Array.from({ length: n }, (_, i) => (i + 1) * 2.2250738585072014e-308);
    expect(String(probabilities[0])).toHaveLength(23);
    const { suffixes, pushes } = formatSuffixes(probabilities, 0.5);
    const lines = suffixes.toString().split("\n").slice(0, -1);
    expect(lines).toHaveLength(n);
    expect(pushes).toBe(0);
    lines.forEach((line, i) => expect(line).toBe(`,${String(probabilities[i])},0`));
  });

  it("each record is followed by its own suffix", () => {
    const records = Buffer.from("r1,a\nrow2,bb\nx\n");
    const ends = Uint32Array.from([5, 13, 15]);
    const { output, pushes } = predictionLines(records, ends, Float64Array.from([0.9, 0.1, 0.5]), 0.5);
    expect(output.toString()).toBe("r1,a\n,0.9,1\nrow2,bb\n,0.1,0\nx\n,0.5,1\n");
    expect(pushes).toBe(2);
  });

  it("no records give an empty chunk; a count mismatch is refused", () => {
    expect(predictionLines(Buffer.alloc(0), new Uint32Array(0), new Float64Array(0), 0.5).output.length).toBe(0);
    expect(() => predictionLines(Buffer.from("a\n"), Uint32Array.from([2]), new Float64Array(2), 0.5)).toThrow(/1 records for 2 probabilities/);
  });
});

describe("addProfile", () => {
  it("the first chunk's profile is the total", () => {
    const chunk = { rows: 3 } as ScoringProfile;
    expect(addProfile(null, chunk)).toBe(chunk);
  });
});
