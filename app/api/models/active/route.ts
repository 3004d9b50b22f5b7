import { NextResponse } from "next/server";
import { readRegistryIndex } from "@/lib/registry/index-file";
import { cachedModel } from "@/lib/registry/model-cache";
import { readVersionMetadata } from "@/lib/registry/registry";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/** The active model version, its figures and its signature (what a row must hold); 404 when nothing is selected yet. */
export async function GET() {
  const ws = resolveWorkspace();
  const index = readRegistryIndex(ws.registryDir);
  const entry = index.versions.find((v) => v.version === index.active);
  if (!entry) return NextResponse.json({ error: "no model has been selected yet" }, { status: 404 });
  const metadata = readVersionMetadata(ws.registryDir, entry.version);
  const { signature } = cachedModel(ws.registryDir, entry.version);
  return NextResponse.json({ ...entry, fittedOn: metadata.fittedOn, dataFingerprint: metadata.dataFingerprint, thresholdSource: metadata.thresholdSource, signature });
}
