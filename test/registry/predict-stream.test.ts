import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { forEachRecord } from "../../lib/data/csv-records";
import { describeDataFile } from "../../lib/data/dataset";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import type { ScoringReference } from "../../lib/monitoring/scoring-reference";
import { buildScoringReport } from "../../lib/monitoring/scoring-report";
import { profileFrame, type ScoringProfile } from "../../lib/monitoring/scoring-profile";
import type { ModelFile } from "../../lib/registry/model-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { predictFile, SCORING_COLUMNS, type PredictOptions } from "../../lib/registry/predict-file";
import { planSlices } from "../../lib/registry/predict-parallel";
import { modelColumns } from "../../lib/registry/predict-slice";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";
import { fitOnehotScoringModel } from "../helpers/scoring-model";

/**
 * The streamed predict (chunks of records, sequentially or in 32 MB ranges on two workers) against
 * the whole-file implementation it replaced, written out here as it was: load every row, score them
 * all, then copy every record of the file with its probability and decision.
 */

const dir = tempDir("pushlab-predict-stream-");
let model: ModelFile;
let reference: ScoringReference;
let generated: string;
/** A smaller file for the one-row chunks and ranges (a run per row). */
let small: string;

beforeAll(async () => {
  generated = generateFeatureFrameCsv({ orders: 8, seed: 21 });
  small = generateFeatureFrameCsv({ orders: 2, seed: 3 });
  const train = writeTemp(dir, "train.csv", generateFeatureFrameCsv({ orders: 40, seed: 4 }));
  ({ model, reference } = await fitOnehotScoringModel(train));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function temps(): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"));
}

/** The output of the whole-file predict this replaced (lib/registry/predict-file.ts before streaming), and its profile. */
function wholeFilePredict(file: string): { output: Buffer; profile: ScoringProfile } {
  const frame = loadFeatureFrameCsv(file, describeDataFile(file), { requiredColumns: SCORING_COLUMNS, keepColumns: modelColumns(model.pipeline) });
  const probabilities = scoreFrame(model, frame);
  const parts: Buffer[] = [];
  let record = -1;
  forEachRecord(file, (bytes, start, end) => {
    if (start === end && record >= 0) return;
    parts.push(Buffer.from(bytes.subarray(start, end)));
    if (record < 0) parts.push(Buffer.from(",purchase_probability,predicted_purchase\n"));
    else parts.push(Buffer.from(`,${probabilities[record]},${probabilities[record] >= model.threshold ? 1 : 0}\n`));
    record++;
  });
  expect(record).toBe(frame.rowCount);
  return { output: Buffer.concat(parts), profile: profileFrame(frame, probabilities, model.threshold, reference) };
}

let runs = 0;
async function predict(file: string, options: PredictOptions) {
  const out = path.join(dir, `out-${runs++}.csv`);
  const result = await predictFile(model, file, out, undefined, { monitor: { reference }, ...options });
  const output = fs.readFileSync(out);
  fs.rmSync(out);
  return { result, output };
}

function report(profile: ScoringProfile) {
  return buildScoringReport(profile, reference, { command: "predict", input: "in", output: "out", version: model.version, experimentId: "x", threshold: model.threshold, createdAt: new Date(0) });
}

/** The generated frame with variants of its layout: CRLF and a BOM, no final newline, trailing blank lines, a vendor unseen in training. */
function variants(): Record<string, string> {
  const lines = generated.trimEnd().split("\n");
  const unseen = lines.map((line, k) => (k > lines.length - 40 ? line.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/, "$1brand-new-vendor") : line));
  return {
    lf: generated,
    "crlf-bom": `\ufeff${generated.replaceAll("\n", "\r\n")}`,
    "no-final-newline": generated.trimEnd(),
    "trailing-blank-lines": `${generated}\n\r\n\n`,
    "unseen-vendor": `${unseen.join("\n")}\n`,
  };
}

/** Quoted fields: a quoted product_type, and an extra column whose quoted values hold commas, "" escapes and newlines. */
function quoted(text = generated): string {
  const lines = text.trimEnd().split("\n");
  return `${lines
    .map((line, k) => {
      const withQuote = k > 0 && k % 5 === 0 ? line.replace(/^(\d+),([a-z]+),/, '$1,"$2",') : line;
      return `${withQuote},${k === 0 ? "note" : k % 3 === 0 ? `"line one\nline two, with ""quotes""\n"` : `plain ${k}`}`;
    })
    .join("\n")}\n`;
}

describe("streamed predict, byte for byte against the whole-file predict", () => {
  it("sequential read: every chunk size (1 row to the default) and read size, on every layout and on quoted fields", async () => {
    const files = { ...variants(), quoted: quoted(), small, "small-quoted": quoted(small) };
    for (const [name, text] of Object.entries(files)) {
      const file = writeTemp(dir, `${name}.csv`, text);
      const expected = wholeFilePredict(file);
      const expectedReport = report(expected.profile);
      for (const chunkRows of name.startsWith("small") ? [1, 2, 7] : [7, 1000, undefined]) {
        // Reads of 17 and 333 bytes end inside records (and inside the quoted fields) all the time.
        for (const readBytes of chunkRows === 7 ? [17, 333, undefined] : [undefined]) {
          const { result, output } = await predict(file, { parallel: "never", chunkRows, readBytes });
          expect(result.parallel).toBe(false);
          expect(output.equals(expected.output), `${name}, ${chunkRows ?? "default"} rows a chunk, reads of ${readBytes ?? "4 MiB"}`).toBe(true);
          expect(result.rows).toBe(expected.profile.rows);
          expect(result.pushes).toBe(expected.profile.aboveThreshold);
          expect(report(result.profile!)).toEqual(expectedReport);
        }
      }
    }
    expect(report(wholeFilePredict(writeTemp(dir, "unseen.csv", variants()["unseen-vendor"])).profile).unseen.find((u) => u.column === "vendor")!.rows).toBeGreaterThan(0);
    expect(temps()).toEqual([]);
  }, 300_000);

  it("parallel read: ranges of one record, of a few records and of the whole file, on every layout", async () => {
    const files = { ...variants(), small };
    for (const [name, text] of Object.entries(files)) {
      const file = writeTemp(dir, `par-${name}.csv`, text);
      const expected = wholeFilePredict(file);
      const expectedReport = report(expected.profile);
      // rangeBytes 1: every range is one record (cut at the first newline); only on the small file.
      for (const rangeBytes of name === "small" ? [1] : [20_000, undefined]) {
        const { result, output } = await predict(file, { parallel: "always", rangeBytes });
        expect(result.parallel, `${name}, ranges of ${rangeBytes ?? "32 MiB"}`).toBe(true);
        expect(output.equals(expected.output), `${name}, ranges of ${rangeBytes ?? "32 MiB"}`).toBe(true);
        expect(result.pushes).toBe(expected.profile.aboveThreshold);
        expect(report(result.profile!)).toEqual(expectedReport);
      }
    }
    expect(temps()).toEqual([]);
  }, 300_000);

  it("parallel read of quoted input falls back to the sequential read, same output", async () => {
    const file = writeTemp(dir, "par-quoted.csv", quoted());
    const { result, output } = await predict(file, { parallel: "always", rangeBytes: 5000 });
    expect(result.parallel).toBe(false);
    expect(output.equals(wholeFilePredict(file).output)).toBe(true);
  }, 60_000);
});

describe("an error in a late chunk", () => {
  /** The whole-file loader's message for the file: what predict must report. */
  function loaderError(file: string): string {
    try {
      loadFeatureFrameCsv(file, describeDataFile(file), { requiredColumns: SCORING_COLUMNS });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${file} loads without an error`);
  }

  const lines = () => generated.trimEnd().split("\n");
  const cases: Record<string, () => string> = {
    "a bad value near the end": () => {
      const l = lines();
      const k = l.length - 5;
      l[k] = l[k].replace(/^(\d+),([a-z]+),\d+,/, "$1,$2,x13,");
      return `${l.join("\n")}\n`;
    },
    "an order with a second date in the last row": () => {
      const l = lines();
      const fields = l[1].split(",");
      fields[4] = fields[4].slice(0, 11) + (fields[4].slice(11, 13) === "23" ? "22" : "23") + fields[4].slice(13);
      return `${[...l, fields.join(",")].join("\n")}\n`;
    },
    "a blank line before the last rows": () => {
      const l = lines();
      l.splice(l.length - 3, 0, "");
      return `${l.join("\n")}\n`;
    },
    "an unterminated quoted field at the end": () => `${generated}${lines()[1].replace(/^(\d+),([a-z]+),/, '$1,"$2,')}\n`,
    "too few fields in the last row": () => `${generated}${lines()[1].split(",").slice(0, 20).join(",")}\n`,
  };

  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: the loader's file:line:column message, nothing written, an existing output untouched`, async () => {
      const file = writeTemp(dir, `late-${name.replaceAll(" ", "-")}.csv`, make());
      const message = loaderError(file);
      expect(message).toMatch(/late-.*\.csv:\d+/);
      const out = path.join(dir, `late-out-${name.replaceAll(" ", "-")}.csv`);
      for (const options of [{ parallel: "never", chunkRows: 7 }, { parallel: "never", chunkRows: 2, readBytes: 17 }, { parallel: "always", rangeBytes: 3000 }] as PredictOptions[]) {
        await expect(predictFile(model, file, out, undefined, options), JSON.stringify(options)).rejects.toThrow(message);
        expect(fs.existsSync(out)).toBe(false);
      }
      fs.writeFileSync(out, "the previous output\n");
      await expect(predictFile(model, file, out, undefined, { parallel: "never", chunkRows: 7 })).rejects.toThrow(message);
      expect(fs.readFileSync(out, "utf8")).toBe("the previous output\n");
      fs.rmSync(out);
      expect(temps()).toEqual([]);
    }, 60_000);
  }

  it("leaves no output folder behind when it had to make it", async () => {
    const file = writeTemp(dir, "late-folder.csv", cases["a bad value near the end"]());
    const outDir = path.join(dir, "made", "for", "it");
    for (const options of [{ parallel: "never", chunkRows: 7 }, { parallel: "always", rangeBytes: 3000 }] as PredictOptions[]) {
      await expect(predictFile(model, file, path.join(outDir, "out.csv"), undefined, options)).rejects.toThrow(/not a finite number/);
      expect(fs.existsSync(path.join(dir, "made"))).toBe(false);
    }
    fs.mkdirSync(path.join(dir, "kept"));
    await expect(predictFile(model, file, path.join(dir, "kept", "new", "out.csv"), undefined, { parallel: "never" })).rejects.toThrow(/not a finite number/);
    expect(fs.readdirSync(path.join(dir, "kept"))).toEqual([]);
  }, 60_000);

  it("a blank line that ends a parallel range (not the last) is caught as the sequential read catches it", async () => {
    const bytes = Buffer.from(generated);
    const dataStart = bytes.indexOf(10) + 1;
    // A blank line right after the record that ends at about a third of the data; the range is sized
    // so that its cut is that blank line's newline: the range ends with it, the next one has data.
    const recordEnd = bytes.indexOf(10, dataStart + Math.floor((bytes.length - dataStart) / 3));
    const file = writeTemp(dir, "blank-range-end.csv", Buffer.concat([bytes.subarray(0, recordEnd + 1), Buffer.from("\n"), bytes.subarray(recordEnd + 1)]));
    const blank = recordEnd + 1;
    const message = loaderError(file);
    expect(message).toMatch(/empty line/);
    const rangeBytes = blank - dataStart + 1;
    expect(planSlices(describeDataFile(file), true, rangeBytes)!.slices[0].end).toBe(blank + 1);
    await expect(predictFile(model, file, path.join(dir, "blank-range-out.csv"), undefined, { parallel: "always", rangeBytes })).rejects.toThrow(message);
    expect(temps()).toEqual([]);
  }, 60_000);
});
