import { NextResponse } from "next/server";
import { readRegistryIndex } from "@/lib/registry/index-file";
import { CorruptRegistryError, loadModel, readVersionMetadata } from "@/lib/registry/registry";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/** The active model version and its figures; 404 when nothing is selected yet, 503 when its files cannot be used. */
export async function GET() {
  const ws = resolveWorkspace();
  try {
    const index = readRegistryIndex(ws.registryDir);
    const entry = index.versions.find((v) => v.version === index.active);
    if (!entry) return NextResponse.json({ error: "no model has been selected yet" }, { status: 404 });
    loadModel(ws.registryDir, entry.version); // the version in use must load, not just be named
    const metadata = readVersionMetadata(ws.registryDir, entry.version);
    return NextResponse.json({ ...entry, fittedOn: metadata.fittedOn, dataFingerprint: metadata.dataFingerprint, thresholdSource: metadata.thresholdSource });
  } catch (error) {
    if (error instanceof CorruptRegistryError) return NextResponse.json({ error: `the model registry cannot be used: ${error.message}` }, { status: 503 });
    throw error;
  }
}
