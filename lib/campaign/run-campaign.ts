import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv } from "../data/csv-loader";
import { describeDataFile } from "../data/dataset";
import { DataError } from "../data/errors";
import { categoryColumn, numberColumn } from "../data/feature-frame";
import { USER_COLUMN, VARIANT_COLUMN } from "../data/schema";
import { writeFileAtomicSync } from "../fs-atomic";
import { profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "../registry/model-file";
import { scoreFrame } from "../registry/model-file";
import { modelColumns, SCORING_COLUMNS } from "../registry/predict-slice";
import type { VersionEvaluation } from "../registry/version-evaluation";
import { CampaignError, rankCampaign, targetRows, type CampaignQuery, type CampaignResult, type Candidates } from "./campaign";
import { productTypeOfVariant, readCandidateSet, readProductTypeRows } from "./candidates-store";

/** `pushlab campaign`: score a feature-frame CSV with a version and rank one product's customers. */
export function campaignFromFeatureFrame(
  model: ModelFile,
  input: string,
  query: CampaignQuery,
  reference: ScoringReference | null,
  evaluation: VersionEvaluation | null,
  onProgress?: (done: number, total: number) => void,
): { result: CampaignResult; profile: ScoringProfile; candidates: Candidates } {
  const source = describeDataFile(input);
  const keep = [...new Set([...modelColumns(model.pipeline), USER_COLUMN, VARIANT_COLUMN])];
  const frame = loadFeatureFrameCsv(source.path, source, { requiredColumns: SCORING_COLUMNS, keepColumns: keep, onProgress });
  const probabilities = scoreFrame(model, frame);
  const productTypes = categoryColumn(frame, "product_type");
  const candidates: Candidates = {
    userIds: numberColumn(frame, USER_COLUMN),
    variantIds: numberColumn(frame, VARIANT_COLUMN),
    productTypeCodes: productTypes.codes,
    productTypes: productTypes.dictionary,
    probabilities,
  };
  return { result: rankCampaign(candidates, query, evaluation), profile: profileFrame(frame, probabilities, model.threshold, reference), candidates };
}

/** GET /api/campaign: the same ranking from a published set of scored candidates. */
export function campaignFromCandidateSet(dir: string, name: string, query: CampaignQuery, evaluation: VersionEvaluation | null): { result: CampaignResult; version: string } {
  const set = readCandidateSet(dir, name);
  if (!set) throw new CampaignError(`no published candidates named '${String(name).slice(0, 64)}'`);
  const productType = "productType" in query ? query.productType : productTypeOfVariant(dir, set, query.variantId);
  if (productType === null) throw new CampaignError(`no candidate has variant ${"variantId" in query ? query.variantId : ""}`);
  const rows = readProductTypeRows(dir, set, productType);
  if (!rows) throw new CampaignError(`no candidate has product type '${productType.slice(0, 60)}' (${set.productTypes.length} product types in '${set.name}')`);
  const target = targetRows(rows, "productType" in query ? { productType } : query);
  return { result: rankCampaign(rows, query, evaluation, target.rows), version: set.version };
}

export function defaultCampaignPath(input: string): string {
  const parsed = path.parse(path.resolve(input));
  return path.join(parsed.dir, `${parsed.name}_campaign.csv`);
}

/** The list to push as CSV: rank, customer, product (variant and type), probability. */
export function campaignCsv(result: CampaignResult): string {
  const lines = ["rank,user_id,variant_id,product_type,purchase_probability"];
  for (const e of result.list) lines.push(`${e.rank},${e.userId},${e.variantId},${/[",\n\r]/.test(e.productType) ? `"${e.productType.replace(/"/g, '""')}"` : e.productType},${e.probability}`);
  return `${lines.join("\n")}\n`;
}

export function writeCampaignList(out: string, input: string, result: CampaignResult): string {
  const target = path.resolve(out);
  if (target === path.resolve(input)) throw new DataError(target, "refusing to overwrite the input file with the campaign list: choose another output file");
  if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new DataError(target, "the output path exists and is not a regular file");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomicSync(target, campaignCsv(result));
  return target;
}
