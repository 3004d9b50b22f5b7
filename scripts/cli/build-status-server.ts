import http from "node:http";

/*
 * While `pushlab serve` runs `next build` (minutes on a fresh clone), the port answers at once with a
 * page that says so, instead of refusing connections: the newcomer who opened the URL sees what is
 * happening, and the page reloads itself when the app is up. It serves nothing else — no file, no
 * route of the app: every path gets the same page, and /api/status answers 503 in the app's shape
 * (`ready: false`) so a deployment or a test runner keeps waiting.
 */

export interface BuildStatus {
  /** What is running, as the page says it ("building the app (next build)"). */
  stage: string;
  startedAt: number;
}

function page(status: BuildStatus): string {
  const elapsed = Math.round((Date.now() - status.startedAt) / 1000);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pushlab is starting</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#0f172a}p{color:#334155}</style>
</head><body>
<h1>pushlab is starting</h1>
<p data-testid="build-status">Now: ${status.stage} — ${elapsed} s so far. A fresh checkout builds once (one to four minutes on two cores); later starts serve in seconds.</p>
<p>Then the data and the experiments that are not current are computed behind the app; every page says what is still running.</p>
<p>This page reloads itself when the app answers.</p>
<script>
(function poll(){fetch("/api/status",{cache:"no-store"}).then(function(r){return r.json()}).then(function(b){if(b&&b.building===true)setTimeout(poll,2000);else location.reload()}).catch(function(){setTimeout(poll,1000)})})();
</script>
</body></html>`;
}

/** Listens on the app's port until `close()`; resolves once listening (rejects if the port is taken). */
export async function startBuildStatusServer(port: number, hostname: string, status: BuildStatus): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0];
    const headers = { "cache-control": "no-store", "retry-after": "5", "x-content-type-options": "nosniff" };
    if (pathname === "/api/status") {
      const elapsedSeconds = Math.round((Date.now() - status.startedAt) / 1000);
      response.writeHead(503, { ...headers, "content-type": "application/json" });
      response.end(JSON.stringify({ ready: false, building: true, stage: status.stage, elapsedSeconds }));
      return;
    }
    response.writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" });
    response.end(request.method === "HEAD" ? undefined : page(status));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
