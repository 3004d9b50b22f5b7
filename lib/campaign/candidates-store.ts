import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { categoryProblem } from "../data/category-values";
import { forEachRecord } from "../data/csv-records";
import { DataError } from "../data/errors";
import { writeFileAtomicSync, writeJsonAtomicSync } from "../fs-atomic";
import type { Candidates } from "./campaign";

/**
 * Scored candidate files published for GET /api/campaign, under PUSHLAB_HOME/candidates:
 *   NAME.json          what the set is: the scoring version, the source file, rows, and per product
 *                      type the [start, end) range of its rows (the commit point, written last)
 *   NAME.HEX.bin       float64 columns of every row — user ids, variant ids, probabilities — sorted
 *                      by product type, then probability (highest first)
 * The request names a set (a short name checked against a pattern and the sets on disk), never a path;
 * a campaign reads only its product type's range, so it costs the same whatever the file's size.
 */

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidCandidatesName(name: unknown): name is string {
  return typeof name === "string" && NAME_PATTERN.test(name);
}

const setSchema = z.object({
  format: z.literal("pushlab-candidates-v1"),
  name: z.string(),
  version: z.string(),
  source: z.string(),
  publishedAt: z.string(),
  rows: z.number().int().nonnegative(),
  data: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[0-9a-f]{8}\.bin$/),
  productTypes: z.array(z.object({ name: z.string(), start: z.number().int(), end: z.number().int() })),
});
export type CandidateSet = z.infer<typeof setSchema>;

const REQUIRED = ["user_id", "variant_id", "product_type", "purchase_probability"] as const;

/** The default name of a predictions file's set: its base name without `_predictions.csv`. */
export function defaultCandidatesName(file: string): string {
  return path.basename(file).replace(/(_predictions)?\.csv$/i, "").replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 64) || "candidates";
}

function splitFields(text: string): string[] {
  if (!text.includes('"')) return text.split(",");
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") fields.push(field), (field = "");
    else field += c;
  }
  fields.push(field);
  return fields;
}

/** Reads the four columns a campaign needs from a predictions CSV (the output of `pushlab predict`). */
export function readScoredCandidates(file: string): Candidates {
  const decoder = new TextDecoder();
  let columns: number[] | null = null;
  let line = 0;
  const users: number[] = [];
  const variants: number[] = [];
  const codes: number[] = [];
  const probabilities: number[] = [];
  const productTypes: string[] = [];
  const codeOf = new Map<string, number>();
  forEachRecord(file, (bytes, start, end) => {
    line++;
    let text = decoder.decode(bytes.subarray(start, end));
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (columns === null) {
      const header = splitFields(text);
      columns = REQUIRED.map((name) => header.indexOf(name));
      const missing = REQUIRED.filter((_, k) => columns![k] < 0);
      if (missing.length) throw new DataError(file, `not a scored candidates file: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (score it with \`pushlab predict\` first)`, { line: 1 });
      return;
    }
    if (text === "") return;
    const fields = splitFields(text);
    const [u, v, t, p] = columns.map((c) => fields[c]);
    const where = (k: number, value: string | undefined) => ({ line, column: { index: columns![k] + 1, name: REQUIRED[k] }, value });
    const user = Number(u);
    if (u === undefined || u.trim() === "" || !Number.isFinite(user)) throw new DataError(file, "expected a number", where(0, u));
    const variant = Number(v);
    if (v === undefined || v.trim() === "" || !Number.isFinite(variant)) throw new DataError(file, "expected a number", where(1, v));
    const problem = t === undefined || t === "" ? "expected a product type" : categoryProblem(t);
    if (problem) throw new DataError(file, problem, where(2, t));
    const probability = Number(p);
    if (p === undefined || p.trim() === "" || !(probability >= 0 && probability <= 1)) throw new DataError(file, "expected a probability in [0, 1]", where(3, p));
    let code = codeOf.get(t!);
    if (code === undefined) codeOf.set(t!, (code = productTypes.length)), productTypes.push(t!);
    users.push(user);
    variants.push(variant);
    codes.push(code);
    probabilities.push(probability);
  });
  if (columns === null) throw new DataError(file, "the file is empty");
  return { userIds: Float64Array.from(users), variantIds: Float64Array.from(variants), productTypeCodes: Int32Array.from(codes), productTypes, probabilities: Float64Array.from(probabilities) };
}

function setFile(dir: string, name: string): string {
  if (!isValidCandidatesName(name)) throw new RangeError(`not a candidates name: '${String(name).slice(0, 60)}' (letters, digits, - and _, at most 64)`);
  return path.join(dir, `${name}.json`);
}

/** Publishes scored candidates under `name` (replacing a set of that name). */
export function publishCandidates(dir: string, name: string, candidates: Candidates, meta: { version: string; source: string }): CandidateSet {
  const file = setFile(dir, name);
  const n = candidates.userIds.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ta = candidates.productTypes[candidates.productTypeCodes[a]];
    const tb = candidates.productTypes[candidates.productTypeCodes[b]];
    return ta < tb ? -1 : ta > tb ? 1 : candidates.probabilities[b] - candidates.probabilities[a] || a - b;
  });
  const columns = new Float64Array(3 * n);
  const productTypes: CandidateSet["productTypes"] = [];
  order.forEach((i, k) => {
    columns[k] = candidates.userIds[i];
    columns[n + k] = candidates.variantIds[i];
    columns[2 * n + k] = candidates.probabilities[i];
    const type = candidates.productTypes[candidates.productTypeCodes[i]];
    const last = productTypes[productTypes.length - 1];
    if (last?.name === type) last.end = k + 1;
    else productTypes.push({ name: type, start: k, end: k + 1 });
  });
  fs.mkdirSync(dir, { recursive: true });
  const data = `${name}.${crypto.randomBytes(4).toString("hex")}.bin`;
  writeFileAtomicSync(path.join(dir, data), new Uint8Array(columns.buffer));
  const set: CandidateSet = { format: "pushlab-candidates-v1", name, version: meta.version, source: meta.source, publishedAt: new Date().toISOString(), rows: n, data, productTypes };
  writeJsonAtomicSync(file, set);
  // The data files of earlier publications of this name are no longer referenced.
  for (const other of fs.readdirSync(dir)) if (other !== data && other.startsWith(`${name}.`) && other.endsWith(".bin") && other.split(".").length === 3) fs.rmSync(path.join(dir, other), { force: true });
  return set;
}

export function listCandidateSets(dir: string): CandidateSet[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => f.endsWith(".json") && isValidCandidatesName(f.slice(0, -5)))
    .map((f) => readCandidateSet(dir, f.slice(0, -5)))
    .filter((s): s is CandidateSet => s !== null)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A published set by name, or null when there is none (a name that is not valid is never a path). */
export function readCandidateSet(dir: string, name: string): CandidateSet | null {
  if (!isValidCandidatesName(name)) return null;
  try {
    const parsed = setSchema.safeParse(JSON.parse(fs.readFileSync(setFile(dir, name), "utf8")));
    return parsed.success && parsed.data.name === name ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The rows of one product type of a set (read from its range of each column). */
export function readProductTypeRows(dir: string, set: CandidateSet, productType: string): Candidates | null {
  const range = set.productTypes.find((t) => t.name === productType);
  if (!range) return null;
  const n = range.end - range.start;
  const fd = fs.openSync(path.join(dir, path.basename(set.data)), "r");
  try {
    const column = (c: number) => {
      const out = new Float64Array(n);
      const bytes = new Uint8Array(out.buffer);
      let done = 0;
      while (done < bytes.length) {
        const got = fs.readSync(fd, bytes, done, bytes.length - done, (c * set.rows + range.start) * 8 + done);
        if (got === 0) throw new Error(`${set.data}: shorter than its index says`);
        done += got;
      }
      return out;
    };
    return { userIds: column(0), variantIds: column(1), probabilities: column(2), productTypeCodes: new Int32Array(n), productTypes: [productType] };
  } finally {
    fs.closeSync(fd);
  }
}

/** The product type of a variant in a set (scanning the variant column once), or null. */
export function productTypeOfVariant(dir: string, set: CandidateSet, variantId: number): string | null {
  const bytes = new Uint8Array(set.rows * 8);
  const fd = fs.openSync(path.join(dir, path.basename(set.data)), "r");
  try {
    let done = 0;
    while (done < bytes.length) {
      const got = fs.readSync(fd, bytes, done, bytes.length - done, set.rows * 8 + done);
      if (got === 0) break;
      done += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  const variants = new Float64Array(bytes.buffer);
  const k = variants.indexOf(variantId);
  return k < 0 ? null : (set.productTypes.find((t) => k >= t.start && k < t.end)?.name ?? null);
}
