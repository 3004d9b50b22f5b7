import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ModelCardView } from "@/components/registry/model-card-view";
import { ScoringReports } from "@/components/registry/scoring-reports";
import { readScoringReports } from "@/lib/monitoring/scoring-report";
import { listVersions, isValidVersion } from "@/lib/registry/registry";
import { loadModelCard } from "@/lib/registry/model-card-data";
import { resolveWorkspace } from "@/lib/workspace";

type Params = { params: Promise<{ version: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { version } = await params;
  return { title: isValidVersion(version) ? `Model card ${version}` : "Not found" };
}

/** One registry version: its model card and the latest scoring reports. */
export default async function VersionPage({ params }: Params) {
  await connection();
  const { version } = await params;
  const ws = resolveWorkspace();
  // Only versions present in the registry index are read; anything else is a 404.
  if (!isValidVersion(version) || !listVersions(ws.registryDir).versions.some((v) => v.version === version)) notFound();
  const card = loadModelCard(ws, version);
  const reports = readScoringReports(ws.scoringDir, version, 10);
  return (
    <article className="space-y-8">
      <header>
        <p className="text-sm">
          <Link href="/registry" className="text-blue-800 hover:underline">← Model registry</Link>
        </p>
        <h1 className="text-3xl font-bold tracking-tight">{card.title}</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          Generated from the version&apos;s files, the experiment&apos;s stored result and the registry&apos;s history; the same card is{" "}
          <code>pushlab registry card {version} --md card.md</code>.
        </p>
      </header>
      <ModelCardView card={card} />
      <section className="space-y-2" data-testid="scoring-reports-section">
        <h2 className="text-xl font-semibold">Scoring reports</h2>
        <ScoringReports reports={reports} />
      </section>
    </article>
  );
}
