import { NextResponse, type NextRequest } from "next/server";
import { loadWorkspaceData } from "@/lib/data/workspace-data";
import { cachedModel } from "@/lib/registry/model-cache";
import { CorruptRegistryError, RegistryError } from "@/lib/registry/registry";
import { recordTestView } from "@/lib/registry/test-ledger";
import { targetingPreview } from "@/lib/report/selected-model";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/** GET ?productType=NAME or ?variantId=ID → the test-period customers the active model would notify. */
export async function GET(request: NextRequest) {
  const productType = request.nextUrl.searchParams.get("productType") ?? undefined;
  const variantRaw = request.nextUrl.searchParams.get("variantId");
  const variantId = variantRaw === null ? undefined : Number(variantRaw);
  if ((productType === undefined) === (variantId === undefined)) return NextResponse.json({ error: "give exactly one of productType or variantId" }, { status: 400 });
  if (variantId !== undefined && !Number.isSafeInteger(variantId)) return NextResponse.json({ error: "variantId must be an integer id" }, { status: 400 });
  if (productType !== undefined && (productType.length > 200 || !/^[\w .&'-]+$/.test(productType))) return NextResponse.json({ error: "not a product type" }, { status: 400 });
  const ws = resolveWorkspace();
  try {
    const model = cachedModel(ws.registryDir);
    const data = await loadWorkspaceData(ws);
    // Test-period rows with outcomes: the ledger records that they were shown (once per version and process).
    await recordTestView(ws.registryDir, {
      page: "/api/report/targeting",
      actor: "web:reader",
      version: model.version,
      experimentId: model.experimentId,
      threshold: model.threshold,
      refit: model.refit,
      dataFingerprint: data.frame.source.fingerprint,
    });
    return NextResponse.json({ version: model.version, ...targetingPreview(model, data, { productType, variantId }) });
  } catch (error) {
    if (error instanceof CorruptRegistryError) return NextResponse.json({ error: `the model cannot be used: ${error.message}` }, { status: 503 });
    if (error instanceof RegistryError) return NextResponse.json({ error: error.message }, { status: 409 });
    throw error;
  }
}
