import { connection } from "next/server";
import { DataSection } from "@/components/data/data-section";
import { getDatasetSummary } from "@/lib/data/workspace-data";
import { resolveWorkspace } from "@/lib/workspace";

export default async function ReportPage() {
  await connection(); // read the workspace on every request: the report follows the data and the selection
  const ws = resolveWorkspace();
  const summary = await getDatasetSummary(ws);
  return (
    <article className="space-y-12">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">Which customers should get a push notification?</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          Milestone 1 report: which linear model, encoding and regularization work for choosing the customers to notify, and why.
        </p>
      </header>
      <DataSection summary={summary} synthetic={ws.synthetic} />
    </article>
  );
}
