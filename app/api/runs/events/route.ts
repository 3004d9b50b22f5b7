import { currentResult } from "@/lib/experiments/results/current-results";
import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import type { RunRecord } from "@/lib/experiments/queue/run-queue";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/** A finished experiment run carries its validation AP, so the page can show the result where it was asked for. */
function withResults(runs: RunRecord[]): (RunRecord & { averagePrecision?: number })[] {
  const ws = resolveWorkspace();
  return runs.map((r) => {
    if (r.status !== "done" || r.kind !== "experiment") return r;
    const result = currentResult(ws, r.key);
    return result ? { ...r, averagePrecision: result.validation.averagePrecision } : r;
  });
}

/** Server-sent events: the run queue as a JSON list, sent at once and on every change. */
export async function GET(request: Request) {
  const queue = runQueue(resolveWorkspace());
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream({
    start(controller) {
      let pending: ReturnType<typeof setTimeout> | null = null;
      const send = () => {
        pending = null;
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(withResults(queue.list()))}\n\n`));
      };
      // Coalesce bursts of progress into at most ~5 messages a second.
      const onChange = (_: RunRecord) => {
        if (!pending) pending = setTimeout(send, 200);
      };
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), 15_000);
      queue.on("change", onChange);
      send();
      cleanup = () => {
        queue.off("change", onChange);
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" } });
}
