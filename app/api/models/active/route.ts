import { NextResponse } from "next/server";
import { readRegistryIndex } from "@/lib/registry/index-file";
import { cachedModel } from "@/lib/registry/model-cache";
import { CorruptRegistryError, readVersionMetadata } from "@/lib/registry/registry";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/**
 * The active model version, its figures and its signature (what a row must hold); 404 when nothing is
 * selected yet, 503 when its files cannot be used.
 */
export async function GET() {
  const ws = resolveWorkspace();
  try {
    const index = readRegistryIndex(ws.registryDir);
    const entry = index.versions.find((v) => v.version === index.active);
    if (!entry) return NextResponse.json({ error: "no model has been selected yet" }, { status: 404 });
    // the version in use must load (and validate), not just be named
    const { signature } = cachedModel(ws.registryDir, entry.version);
    const metadata = readVersionMetadata(ws.registryDir, entry.version);
    return NextResponse.json({ ...entry, fittedOn: metadata.fittedOn, dataFingerprint: metadata.dataFingerprint, thresholdSource: metadata.thresholdSource, signature });
  } catch (error) {
    if (error instanceof CorruptRegistryError) return NextResponse.json({ error: `the model registry cannot be used: ${error.message}` }, { status: 503 });
    throw error;
  }
}
