import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { describeDataFile } from "../../lib/data/dataset";
import { sqlIdentifier, sqlString, withDuckDB } from "../../lib/data/duckdb-session";
import { DataError } from "../../lib/data/errors";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { loadFeatureFrameParquet, parquetParts } from "../../lib/data/parquet-loader";
import { writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { COLUMN_NAMES } from "../../lib/data/schema";
import type { ScoringReference } from "../../lib/monitoring/scoring-reference";
import { profileFrame, type ScoringProfile } from "../../lib/monitoring/scoring-profile";
import type { ModelFile } from "../../lib/registry/model-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { predictFile, SCORING_COLUMNS } from "../../lib/registry/predict-file";
import { predictParquet } from "../../lib/registry/predict-parquet";
import { modelColumns } from "../../lib/registry/predict-slice";
import { tempDir } from "../helpers/feature-frame-csv";
import { deriveParquet, writeParquetParts } from "../helpers/parquet-files";
import { fitOnehotScoringModel } from "../helpers/scoring-model";

/**
 * The streamed Parquet predict (chunks of the loader's rows scored one by one, the scores appended to
 * DuckDB, the output written once every row is validated) against what the whole-frame predict it
 * replaced computed: every row's columns loaded at once and scored in one go, then the input joined
 * row by row with those scores. Inputs come from the project's generator (`pushlab generate --format
 * parquet --orders 40`).
 */

const dir = tempDir("pushlab-predict-parquet-stream-");
const csv = path.join(dir, "frame.csv");
const parquet = path.join(dir, "frame.parquet");
let model: ModelFile;
let reference: ScoringReference;
/** The whole frame's scores and profile, as the whole-frame predict computed them. */
let expected: { probabilities: Float64Array; profile: ScoringProfile };

beforeAll(async () => {
  await writeSyntheticFeatureFrame(csv, { orders: 40, seed: 5 });
  await writeSyntheticFeatureFrameParquet(parquet, { orders: 40, seed: 5 });
  const train = path.join(dir, "train.csv");
  await writeSyntheticFeatureFrame(train, { orders: 40, seed: 4 });
  ({ model, reference } = await fitOnehotScoringModel(train));
  const frame = await loadFeatureFrameParquet(parquet, describeDataFile(parquet), { requiredColumns: SCORING_COLUMNS, keepColumns: modelColumns(model.pipeline) });
  const probabilities = scoreFrame(model, frame);
  expected = { probabilities, profile: profileFrame(frame, probabilities, model.threshold, reference) };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Hidden temps and other leftovers of a failed write in `folder`. */
function leftovers(folder: string): string[] {
  return fs.readdirSync(folder).filter((name) => name.endsWith(".tmp") || name.includes("predictions"));
}

const derive = (name: string, select: string) => deriveParquet(dir, parquet, name, select);

/** `frame.parquet` as a folder of three parts, cut at rows 7,001 and 15,003 (away from any chunk size used here). */
const writeParts = () =>
  writeParquetParts(path.join(dir, "parts"), parquet, [
    { name: "part-0.parquet", from: 0, to: 7001 },
    { name: "part-1.parquet", from: 7001, to: 15003 },
    { name: "part-2.parquet", from: 15003, to: Number.MAX_SAFE_INTEGER },
  ]);

/**
 * Checks an output against its input row for row: the input's columns in order, every value equal
 * (nulls included), then the two predictions, each probability the whole frame's exactly.
 */
async function expectOutputOf(input: string, out: string): Promise<void> {
  const reader = (file: string) => (file.endsWith(".csv") ? `read_csv(${sqlString(file)}, header = true)` : `read_parquet(${sqlString(file)})`);
  const inputs = input.endsWith(".csv") ? reader(input) : `read_parquet([${parquetParts(input).map(sqlString).join(", ")}])`;
  const { names, differing, scores } = await withDuckDB(async (db) => {
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM ${reader(out)}`);
    const names = described.getRowObjects().map((r) => String(r.column_name));
    const differs = COLUMN_NAMES.map((c) => `o.${sqlIdentifier(c)} IS DISTINCT FROM i.${sqlIdentifier(c)}`).join(" OR ");
    const compared = await db.runAndReadAll(`SELECT count(*)::DOUBLE AS n, coalesce(sum((${differs})::INTEGER), 0)::DOUBLE AS differing FROM ${reader(out)} o POSITIONAL JOIN ${inputs} i`);
    const { n, differing } = compared.getRowObjects()[0];
    const read = await db.runAndReadAll(`SELECT purchase_probability::DOUBLE, predicted_purchase::DOUBLE FROM ${reader(out)}`);
    return { names, differing: { n: Number(n), differing: Number(differing) }, scores: read.getRows().map((row) => row.map(Number)) };
  });
  expect(names).toEqual([...COLUMN_NAMES, "purchase_probability", "predicted_purchase"]);
  expect(differing).toEqual({ n: expected.probabilities.length, differing: 0 });
  let wrong = 0;
  scores.forEach(([p, decision], i) => {
    const want = expected.probabilities[i];
    if (!Object.is(p, want) || decision !== (want >= model.threshold ? 1 : 0)) wrong++;
  });
  expect(wrong).toBe(0);
}

let runs = 0;
async function predict(input: string, ext: ".csv" | ".parquet", chunkRows?: number) {
  const out = path.join(dir, "outs", `out-${runs++}${ext}`);
  const result = await predictParquet(model, input, out, undefined, { chunkRows, monitor: { reference } });
  return { result, out };
}

describe("predictParquet, streamed", () => {
  it("scores chunk by chunk to the whole frame's output, whatever the chunk size: the same rows, scores, pushes and profile; CSV output byte-identical", async () => {
    const pushes = expected.probabilities.reduce((sum, p) => sum + (p >= model.threshold ? 1 : 0), 0);
    expect(pushes).toBeGreaterThan(0);
    let firstCsv: Buffer | null = null;
    for (const chunkRows of [1000, 2049, 1 << 16]) {
      const asParquet = await predict(parquet, ".parquet", chunkRows);
      expect(asParquet.result.rows).toBe(expected.probabilities.length);
      expect(asParquet.result.pushes).toBe(pushes);
      expect(asParquet.result.profile, `chunks of ${chunkRows}`).toEqual(expected.profile);
      await expectOutputOf(parquet, asParquet.out);
      const asCsv = await predict(parquet, ".csv", chunkRows);
      expect(asCsv.result.profile).toEqual(expected.profile);
      await expectOutputOf(parquet, asCsv.out);
      const bytes = fs.readFileSync(asCsv.out);
      if (firstCsv === null) firstCsv = bytes;
      else expect(bytes.equals(firstCsv), `chunks of ${chunkRows}`).toBe(true);
    }
  });

  it("a folder of parts gives the single file's output (parts cut away from chunk boundaries)", async () => {
    const parts = await writeParts();
    const single = await predict(parquet, ".csv", 4096);
    const folder = await predict(parts, ".csv", 4096);
    expect(folder.result.rows).toBe(single.result.rows);
    expect(folder.result.profile).toEqual(expected.profile);
    expect(fs.readFileSync(folder.out).equals(fs.readFileSync(single.out))).toBe(true);
    const asParquet = await predict(parts, ".parquet", 3000);
    await expectOutputOf(parts, asParquet.out);
  });

  it("gives predict of the same data as CSV its scores, pushes and scoring profile", async () => {
    const fromParquet = await predict(parquet, ".parquet");
    const fromCsv = await predictFile(model, csv, path.join(dir, "outs", "from-csv.csv"), undefined, { parallel: "never", monitor: { reference } });
    expect(fromParquet.result.rows).toBe(fromCsv.rows);
    expect(fromParquet.result.pushes).toBe(fromCsv.pushes);
    expect(fromParquet.result.profile).toEqual(fromCsv.profile);
    await expectOutputOf(parquet, path.join(dir, "outs", "from-csv.csv"));
  });

  it("refuses a null, a wrong type and a missing column with file, row and column, and writes nothing; an existing output is kept", async () => {
    const cases: [string, (file: string) => string][] = [
      [
        await derive("null.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 99 THEN NULL ELSE discount_pct END AS discount_pct) FROM src"),
        (file) => new DataError(file, "null value; expected a number", { row: 100, column: { index: 14, name: "discount_pct" } }).message,
      ],
      [
        await derive("wrong-type.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CAST(normalised_price AS VARCHAR) AS normalised_price) FROM src"),
        (file) => `${file}: column 13 'normalised_price' has the wrong type VARCHAR; expected a number (integer, float, double or decimal)`,
      ],
      [await derive("missing.parquet", "SELECT * EXCLUDE (file_row_number, vendor) FROM src"), (file) => `${file}: missing required column 'vendor'; the file has: variant_id BIGINT`],
    ];
    for (const [file, message] of cases) {
      const kept = path.join(dir, "kept.parquet.csv");
      fs.writeFileSync(kept, "an earlier output\n");
      await expect(predictParquet(model, file, kept)).rejects.toThrow(message(file));
      expect(fs.readFileSync(kept, "utf8")).toBe("an earlier output\n");
      const fresh = path.join(dir, "fresh", "nested", "out.parquet");
      await expect(predictParquet(model, file, fresh)).rejects.toThrow(message(file));
      expect(fs.existsSync(path.join(dir, "fresh")), file).toBe(false);
      expect(leftovers(dir), file).toEqual([]);
    }
  });

  it("an error in a late chunk, after earlier chunks were scored and appended, leaves nothing written", async () => {
    const rows = expected.probabilities.length;
    const late = await derive("late.parquet", `SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = ${rows - 2} THEN 'Infinity'::DOUBLE ELSE global_popularity END AS global_popularity) FROM src`);
    const message = new DataError(late, "not a finite number", { row: rows - 1, column: { index: 16, name: "global_popularity" }, value: "Infinity" }).message;
    for (const [out, chunkRows] of [[path.join(dir, "late_predictions.parquet"), 1000], [path.join(dir, "new-folder", "late_predictions.csv"), 2048]] as const) {
      const progress: number[] = [];
      await expect(predictParquet(model, late, out, (done) => progress.push(done), { chunkRows, monitor: { reference } })).rejects.toThrow(message);
      expect(Math.max(...progress)).toBeGreaterThan(rows - 2048 - 1); // the rows before the bad one were all read
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(path.join(dir, "new-folder"))).toBe(false);
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it("refuses an output that is the input or one of its parts under another name", async () => {
    const link = path.join(dir, "link.parquet");
    fs.symlinkSync(parquet, link);
    await expect(predictParquet(model, parquet, link)).rejects.toThrow(/refusing to overwrite the input file/);
    const parts = await writeParts();
    await expect(predictParquet(model, parts, path.join(parts, "part-1.parquet"))).rejects.toThrow(/refusing to overwrite the input file/);
    const hardLink = path.join(dir, "hard.parquet");
    fs.linkSync(path.join(parts, "part-0.parquet"), hardLink);
    await expect(predictParquet(model, parts, hardLink)).rejects.toThrow(/refusing to overwrite the input file/);
    expect(fs.readFileSync(parquet).subarray(0, 4).toString()).toBe("PAR1");
  });

  it("refuses to commit when the input is replaced while it is scored", async () => {
    const input = path.join(dir, "replaced.parquet");
    fs.copyFileSync(parquet, input);
    const out = path.join(dir, "replaced_predictions.parquet");
    let replaced = false;
    const replace = () => {
      if (replaced) return;
      replaced = true;
      fs.copyFileSync(parquet, `${input}.new`); // the same bytes, but another file by the time DuckDB reads it again
      fs.renameSync(`${input}.new`, input);
    };
    await expect(predictParquet(model, input, out, replace, { chunkRows: 1000 })).rejects.toThrow(`${input}: the input changed while it was scored`);
    expect(replaced).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });
});
