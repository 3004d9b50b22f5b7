import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import { activeGridRun } from "@/lib/experiments/queue/serve-grid";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 once nothing started by `pushlab serve` is still running, 503 while the grid runs
 * (with its progress), so a deployment or a test runner can wait for the complete results.
 */
export function GET() {
  const grid = activeGridRun(runQueue(resolveWorkspace()));
  const body = { ready: grid === null, grid: grid ? { status: grid.status, stage: grid.stage, progress: grid.progress } : null };
  return Response.json(body, { status: grid ? 503 : 200, headers: { "cache-control": "no-store" } });
}
