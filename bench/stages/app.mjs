// Stage: the pages under `next start` on the bench workspace: time to answer, the report page's first
// and warm requests, per-page TTFB and total time (plain and gzip), HTML, inline RSC data, JS and CSS
// sizes, the JavaScript each page loads, and the server's RSS.
//
// The app is built and served from a private snapshot (WORK/app: copies of the sources, node_modules
// hard-linked), because other engineers rebuild the checkout's .next concurrently (an e2e run deletes
// and rewrites it). `--use-existing-build` serves the checkout's own .next instead when it has a BUILD_ID.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pageJs, pageJsInBrowser } from "../page-js.mjs";
import { f, mbs, median, quantile } from "./util/numbers.mjs";
import { processGroupStopper, ROOT, running, say, sh } from "./util/process.mjs";

/** The experiment page the targets are measured on, and the grid page. */
export const PAGE_ROUTES = ["/experiments/lr-none-l2-C1e-6-unweighted", "/experiments"];
/** Left out of the snapshot: not needed to build or serve the app. */
const NOT_COPIED = [".git", ".next", "node_modules", "bench", "test", "e2e", "test-results", "playwright-report"];

function curl(url, { compressed = false, maxTime = 60 } = {}) {
  const args = ["-s", "-o", "/dev/null", "--max-time", String(maxTime), "-w", "%{http_code} %{time_starttransfer} %{time_total} %{size_download}", url];
  if (compressed) args.unshift("--compressed");
  let out;
  try {
    out = execFileSync("curl", args, { encoding: "utf8", timeout: (maxTime + 5) * 1000 });
  } catch (error) {
    out = error.stdout ?? "0 0 0 0"; // curl exits non-zero on refused connections / timeouts; -w still printed
  }
  const [code, ttfb, total, size] = out.trim().split(" ");
  return { code: Number(code), ttfb: Number(ttfb), total: Number(total), size: Number(size) };
}

function fetchText(url) {
  return execFileSync("curl", ["-s", "--fail", url], { encoding: "utf8", maxBuffer: 64 << 20, timeout: 60000 });
}

function gzipSize(buffer) {
  return execFileSync("gzip", ["-c", "-6"], { input: buffer, maxBuffer: 256 << 20 }).length;
}

async function waitForServer(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = curl(url, { maxTime: 2 });
    if (r.code > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server at ${url} did not answer within ${ms / 1000} s`);
}

/** The folder to serve and, when this run built it, the `next build` timing. */
async function buildApp({ timed, work, options }) {
  const existing = path.join(ROOT, ".next", "BUILD_ID");
  if (options.useExistingBuild && fs.existsSync(existing)) return { appDir: ROOT, build: null };
  const appDir = path.join(work, "app");
  fs.mkdirSync(appDir, { recursive: true });
  const copied = [];
  for (const entry of fs.readdirSync(ROOT)) {
    if (NOT_COPIED.includes(entry) || entry.startsWith(".pushlab")) continue;
    if (entry.endsWith(".tsbuildinfo")) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(appDir, entry), { recursive: true });
    copied.push(entry);
  }
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(appDir, "node_modules")]);
  say(`app snapshot in ${appDir}: ${copied.join(", ")} + node_modules (hard links)`);
  const r = await timed("next-build", process.execPath, [path.join(appDir, "node_modules", "next", "dist", "bin", "next"), "build"], {
    quietStderr: true,
    timeoutMs: 15 * 60000,
    cwd: appDir,
    env: { NEXT_TELEMETRY_DISABLED: "1" },
  });
  const compiled = r.stdout.match(/Compiled successfully in ([\d.]+\s*m?s)/)?.[1] ?? null;
  say(`next build: ${f(r.time.wallSeconds, 1)} s wall, peak RSS ${mbs(r.time.maxRssMB)}`);
  return { appDir, build: { time: r.time, compiled } };
}

/** `next start` of `appDir` on the bench workspace, in its own process group. */
function startServer(appDir, port, file, home) {
  const server = spawn(process.execPath, [path.join(appDir, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    env: { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: file, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  running.add(server.pid);
  let stderrTail = "";
  server.stderr.on("data", (d) => (stderrTail = (stderrTail + d).slice(-4000)));
  return { pid: server.pid, stderrTail: () => stderrTail, stop: processGroupStopper(server) };
}

/**
 * The report page: its first request after a run computes the dataset summary and the findings'
 * paired bootstraps, then they are cached; recorded as a side figure.
 */
function measureReportPage(base) {
  say("GET / (first request after the run; may take a while)");
  const firstRequest = curl(`${base}/`, { maxTime: 900 });
  const warm = [];
  for (let k = 0; k < 5; k++) warm.push(curl(`${base}/`));
  const page = { firstRequest, warmTotalMedianMs: 1000 * median(warm.map((x) => x.total)), htmlBytes: warm[0].size };
  say(`GET /: first ${f(firstRequest.total, 1)} s (HTTP ${firstRequest.code}), then median ${f(1000 * median(warm.map((x) => x.total)), 0)} ms`);
  return page;
}

/** One page: a first request, then `requests` plain and `requests` gzip requests, and the sizes of what it sends. */
function measurePage(base, route, requests, server) {
  const url = `${base}${route}`;
  const first = curl(url); // first request after start (module loading, results read from disk)
  if (first.code !== 200) throw new Error(`${route} answered ${first.code}: ${server.stderrTail().slice(-500)}`);
  const plain = [];
  const gz = [];
  for (let k = 0; k < requests; k++) {
    plain.push(curl(url));
    gz.push(curl(url, { compressed: true }));
  }
  if ([...plain, ...gz].some((x) => x.code !== 200)) throw new Error(`${route}: non-200 answers`);
  const html = fetchText(url);
  // Scripts and stylesheets the HTML references (what the browser downloads before the page is interactive).
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))];
  let jsBytes = 0;
  let jsGzip = 0;
  let cssBytes = 0;
  let cssGzip = 0;
  for (const asset of assets) {
    const body = execFileSync("curl", ["-s", "--fail", `${base}${asset}`], { maxBuffer: 64 << 20 });
    const g = gzipSize(body);
    if (asset.endsWith(".js")) {
      jsBytes += body.length;
      jsGzip += g;
    } else {
      cssBytes += body.length;
      cssGzip += g;
    }
  }
  const flight = [...html.matchAll(/self\.__next_f\.push\((\[[\s\S]*?\])\)<\/script>/g)].reduce((acc, m) => acc + m[1].length, 0);
  const p = {
    firstRequest: first,
    requests,
    ttfbMedianMs: 1000 * median(plain.map((x) => x.ttfb)),
    ttfbP95Ms: 1000 * quantile(plain.map((x) => x.ttfb), 0.95),
    totalMedianMs: 1000 * median(plain.map((x) => x.total)),
    totalP95Ms: 1000 * quantile(plain.map((x) => x.total), 0.95),
    gzipTotalMedianMs: 1000 * median(gz.map((x) => x.total)),
    gzipTotalP95Ms: 1000 * quantile(gz.map((x) => x.total), 0.95),
    htmlBytes: plain[0].size,
    htmlTransferGzip: median(gz.map((x) => x.size)),
    inlineFlightDataBytes: flight,
    assets: assets.length,
    jsBytes,
    jsGzip,
    cssBytes,
    cssGzip,
  };
  say(
    `${route}: TTFB median ${p.ttfbMedianMs.toFixed(0)} ms (p95 ${p.ttfbP95Ms.toFixed(0)}), total ${p.totalMedianMs.toFixed(0)} ms; ` +
      `HTML ${(p.htmlBytes / 1024).toFixed(0)} KB (${(p.htmlTransferGzip / 1024).toFixed(0)} KB gzip), JS ${(jsBytes / 1024).toFixed(0)} KB (${(jsGzip / 1024).toFixed(0)} KB gzip) in ${assets.length} files`,
  );
  return p;
}

/** JavaScript per page: the initial scripts of the HTML, and all Chromium loads (on-demand chunks too). */
async function measurePageJs(base, home) {
  const results = fs.readdirSync(path.join(home, "results")).filter((n) => n.endsWith(".json") && n.startsWith("lr-")).map((n) => n.slice(0, -5));
  const some = results.find((id) => id.startsWith("lr-onehot-")) ?? results[0];
  const jsRoutes = ["/", "/experiments", `/experiments/${some}`, `/compare?ids=${some},baseline-global_popularity`, "/experiments/path?encoding=none&penalty=l2", "/registry", "/login"];
  const initialJs = await pageJs(base, jsRoutes);
  let loadedJs = [];
  try {
    loadedJs = await pageJsInBrowser(base, jsRoutes);
  } catch (error) {
    say(`page JS in Chromium skipped: ${error.message}`);
  }
  const sizes = initialJs.map((p, k) => ({ path: p.path.replace(some, "ID"), initialGzipKB: p.gzipKB, initialScripts: p.scripts, loadedGzipKB: loadedJs[k]?.gzipKB ?? null, loadedScripts: loadedJs[k]?.scripts ?? null }));
  for (const p of sizes) say(`JS ${p.path}: initial ${p.initialGzipKB} KB gzip, loaded ${p.loadedGzipKB ?? "-"} KB gzip`);
  return sizes;
}

export async function appStage(ctx, file, home) {
  const { port, requests } = ctx.options;
  const { appDir, build } = await buildApp(ctx);
  const buildId = path.join(appDir, ".next", "BUILD_ID");
  const buildInfo = { buildId: fs.readFileSync(buildId, "utf8").trim(), builtAt: fs.statSync(buildId).mtime.toISOString(), builtHere: build !== null, build };
  const probe = sh("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `http://127.0.0.1:${port}/`]);
  if (probe !== null && probe !== "000") {
    throw new Error(`port ${port} is already in use; pass --port`);
  }
  say(`next start on 127.0.0.1:${port} (build ${buildInfo.buildId} of ${buildInfo.builtAt})`);
  const server = startServer(appDir, port, file, home);
  try {
    const base = `http://127.0.0.1:${port}`;
    const readyStart = performance.now();
    // A static file answers as soon as the server listens (the report page "/" can be slow the first time).
    await waitForServer(`${base}/icon.svg`, 60000);
    const readySeconds = (performance.now() - readyStart) / 1000;
    const reportPage = measureReportPage(base);
    const pages = {};
    for (const route of PAGE_ROUTES) pages[route] = measurePage(base, route, requests, server);
    const pageJsSizes = await measurePageJs(base, home);
    // The server process's own RSS after the requests (next start is a node process group).
    const rssKB = Number(sh("ps", ["-o", "rss=", "-p", String(server.pid)]) ?? 0);
    return { build: buildInfo, readySeconds, serverRssMB: rssKB / 1024, reportPage, pages, pageJs: pageJsSizes };
  } finally {
    await server.stop();
  }
}

export function appSection(app, requests) {
  const lines = [];
  const b = app.build.build;
  lines.push(`\`next start\` (build ${app.build.buildId}${b ? `, built by this run from a snapshot of the sources: \`next build\` ${f(b.time.wallSeconds, 1)} s wall${b.compiled ? `, compiled in ${b.compiled}` : ""}, peak RSS ${mbs(b.time.maxRssMB)}` : `, the checkout's existing build of ${app.build.builtAt.slice(0, 16).replace("T", " ")}`}) answered after ${f(app.readySeconds, 1)} s; RSS of the server after the requests ${mbs(app.serverRssMB)}. ` +
    `${Object.values(app.pages)[0]?.requests ?? requests} requests per page without and ${Object.values(app.pages)[0]?.requests ?? requests} with \`Accept-Encoding: gzip\`, one at a time with curl, after one warm-up request.`);
  lines.push("");
  if (app.reportPage) {
    const rp = app.reportPage;
    lines.push(`Side figure: the report page \`/\` took ${f(rp.firstRequest.total, 1)} s on its first request after the run (HTTP ${rp.firstRequest.code}; it computes the dataset summary and the findings' paired bootstraps, then caches them), then ${f(rp.warmTotalMedianMs, 0)} ms (median of 5), ${(rp.htmlBytes / 1024).toFixed(0)} KB HTML.`);
    lines.push("");
  }
  lines.push("| page | first request ms | TTFB median / p95 ms | total median / p95 ms | total gzip median / p95 ms | HTML KB (gzip) | inline RSC data KB | JS KB (gzip), files | CSS KB (gzip) |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [route, p] of Object.entries(app.pages)) {
    lines.push(
      `| \`${route}\` | ${f(p.firstRequest.total * 1000, 0)} | ${f(p.ttfbMedianMs, 0)} / ${f(p.ttfbP95Ms, 0)} | ${f(p.totalMedianMs, 0)} / ${f(p.totalP95Ms, 0)} | ${f(p.gzipTotalMedianMs, 0)} / ${f(p.gzipTotalP95Ms, 0)} | ` +
        `${(p.htmlBytes / 1024).toFixed(0)} (${(p.htmlTransferGzip / 1024).toFixed(0)}) | ${(p.inlineFlightDataBytes / 1024).toFixed(0)} | ${(p.jsBytes / 1024).toFixed(0)} (${(p.jsGzip / 1024).toFixed(0)}), ${p.assets} | ${(p.cssBytes / 1024).toFixed(0)} (${(p.cssGzip / 1024).toFixed(0)}) |`,
    );
  }
  lines.push("");
  return lines;
}
