import { NextResponse, type NextRequest } from "next/server";
import { cachedModel } from "@/lib/registry/model-cache";
import { scoreFrame } from "@/lib/registry/model-file";
import { CorruptRegistryError, RegistryError } from "@/lib/registry/registry";
import { isJsonContentType, MAX_BODY_BYTES } from "@/lib/registry/request-limits";
import { frameFromRows, predictRequestSchema, unseenCategories } from "@/lib/registry/rows-frame";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

async function readLimited(request: NextRequest): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function bad(status: number, error: string, details?: unknown) {
  return NextResponse.json({ error, ...(details ? { details } : {}) }, { status });
}

/**
 * POST { rows: [...feature-frame rows...], version? } → { version, experimentId, threshold,
 * predictions: [{ ...ids given, purchase_probability, predicted_purchase, unseen_categories }] }.
 * A row needs only the columns the model reads (its signature); numbers may be numeric strings.
 * Scoring is read-only, so it needs no session. /api/openapi.json describes it.
 */
export async function POST(request: NextRequest) {
  if (!isJsonContentType(request.headers.get("content-type"))) return bad(415, "send JSON (Content-Type: application/json)");
  const text = await readLimited(request);
  if (text === null) return bad(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad(400, "the body is not valid JSON");
  }
  const body = predictRequestSchema.safeParse(json);
  if (!body.success) return bad(400, "invalid request", body.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  let model;
  try {
    model = cachedModel(resolveWorkspace().registryDir, body.data.version);
  } catch (error) {
    if (error instanceof CorruptRegistryError) return bad(503, `the model cannot be used: ${error.message}`);
    if (error instanceof RegistryError) return bad(body.data.version ? 404 : 409, error.message);
    throw error;
  }
  const built = frameFromRows(body.data.rows, model.signature!.inputs);
  if ("errors" in built) return bad(400, "invalid rows", built.errors);
  const probabilities = scoreFrame(model, built.frame);
  const unseen = unseenCategories(model.pipeline, built.frame);
  return NextResponse.json({
    version: model.version,
    experimentId: model.experimentId,
    threshold: model.threshold,
    predictions: Array.from(probabilities, (p, i) => ({
      ...built.ids[i],
      purchase_probability: p,
      predicted_purchase: p >= model.threshold ? 1 : 0,
      unseen_categories: unseen[i],
    })),
  });
}
