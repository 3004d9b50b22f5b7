import { readRegistryIndex } from "../registry/index-file";
import { versionEvaluation } from "../registry/version-files";
import type { Workspace } from "../workspace";
import { CampaignError, parseCampaignQuery, type CampaignResult } from "./campaign";
import { isValidCandidatesName, listCandidateSets, readCandidateSet } from "./candidates-store";
import { campaignFromCandidateSet } from "./run-campaign";

/**
 * GET /api/campaign?candidates=NAME&(product_type=T|variant=V)&(budget=N|threshold=T)[&limit=L]
 * → the ranked list of a published candidates set (see candidates-store.ts) with the expected buyers
 * and precision from the validation curve of the version that scored it. Every parameter is checked
 * here; NAME must be a published set, never a path. Without `candidates`, the published sets.
 */

export const MAX_LIST_ROWS = 50_000;

export type ApiAnswer = { status: number; body: unknown };

const KNOWN = new Set(["candidates", "product_type", "variant", "budget", "threshold", "limit"]);

export function campaignApi(ws: Workspace, params: URLSearchParams): ApiAnswer {
  for (const key of params.keys()) if (!KNOWN.has(key)) return { status: 400, body: { error: `unknown parameter '${key.slice(0, 40)}' (known: ${[...KNOWN].join(", ")})` } };
  for (const key of KNOWN) if (params.getAll(key).length > 1) return { status: 400, body: { error: `parameter '${key}' given more than once` } };
  const name = params.get("candidates");
  if (name === null) return { status: 200, body: { candidates: listCandidateSets(ws.candidatesDir).map((s) => ({ name: s.name, version: s.version, rows: s.rows, productTypes: s.productTypes.length, publishedAt: s.publishedAt })) } };
  if (!isValidCandidatesName(name) || !readCandidateSet(ws.candidatesDir, name)) return { status: 404, body: { error: `no published candidates named '${name.slice(0, 64)}' (publish with \`pushlab candidates publish\`)` } };
  let limit = MAX_LIST_ROWS;
  const rawLimit = params.get("limit");
  if (rawLimit !== null) {
    if (!/^\d{1,6}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIST_ROWS) return { status: 400, body: { error: `limit must be an integer in [1, ${MAX_LIST_ROWS}], got '${rawLimit.slice(0, 40)}'` } };
    limit = Number(rawLimit);
  }
  let result: CampaignResult;
  let version: string;
  try {
    const query = parseCampaignQuery(
      { productType: params.get("product_type"), variant: params.get("variant"), budget: params.get("budget"), threshold: params.get("threshold") },
      { productType: "product_type", variant: "variant", budget: "budget", threshold: "threshold" },
    );
    const set = readCandidateSet(ws.candidatesDir, name)!;
    ({ result, version } = campaignFromCandidateSet(ws.candidatesDir, name, query, safeEvaluation(ws, set.version)));
  } catch (error) {
    if (error instanceof CampaignError) return { status: /^no candidate/.test(error.message) ? 404 : 400, body: { error: error.message } };
    throw error;
  }
  const index = readRegistryIndex(ws.registryDir);
  return {
    status: 200,
    body: {
      candidates: name,
      scoredBy: version,
      activeVersion: index.active,
      productType: result.productType,
      query: result.query,
      candidateRows: result.candidateRows,
      candidateCustomers: result.candidateCustomers,
      customers: result.list.length,
      cutoff: result.cutoff,
      estimates: result.estimates,
      estimatesNote: result.estimatesNote,
      truncated: result.list.length > limit,
      list: result.list.slice(0, limit),
    },
  };
}

function safeEvaluation(ws: Workspace, version: string) {
  try {
    return versionEvaluation(ws.registryDir, version);
  } catch {
    return null;
  }
}
