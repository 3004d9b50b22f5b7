#!/usr/bin/env node
/*
 * Re-makes the README's screenshots (public/screenshots/*.png) from the running app, in Debian's
 * Chromium through playwright-core. Not part of `npm test`: run it by hand with `npm run screenshots`.
 *
 * Without --url it builds a workspace of its own in a temporary folder (a generated file of --orders
 * orders), serves the app on a free port, waits for the experiment grid, selects the best experiment
 * by validation average precision, computes one regularization path, takes the pictures and stops
 * the app. With --url it photographs that app as it is.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "bin", "pushlab.mjs");

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    out: { type: "string", default: path.join(ROOT, "public", "screenshots") },
    orders: { type: "string", default: "600" },
    seed: { type: "string", default: "42" },
    width: { type: "string", default: "1280" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    help: { type: "boolean", short: "h" },
  },
});

if (options.help) {
  process.stdout.write(
    "usage: node scripts/screenshots.mjs [--url URL] [--out DIR] [--orders N] [--seed S] [--width PX] [--chromium PATH]\n" +
      "  without --url: a temporary workspace of N generated orders (default 600), served on a free port\n",
  );
  process.exit(0);
}

const log = (line) => process.stderr.write(`screenshots: ${line}\n`);

class ScreenshotError extends Error {}

function fail(message) {
  throw new ScreenshotError(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Polls /api/status until the grid is done (200), printing each new progress line once. */
async function waitForGrid(base, timeoutMs, server) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) fail(`the app exited with code ${server.exitCode} before the grid was done`);
    try {
      const response = await fetch(`${base}/api/status`);
      if (response.status === 200) return;
      const body = await response.text();
      const line = body.slice(0, 160);
      if (line !== last) log(`waiting for the app: ${response.status} ${line}`);
      last = line;
    } catch {
      if (last !== "down") log("waiting for the app to answer…");
      last = "down";
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  fail(`the app at ${base} was not ready within ${timeoutMs / 60_000} minutes`);
}

function cli(args, env) {
  return execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

if (!fs.existsSync(options.chromium)) fail(`no Chromium at ${options.chromium} (apt-get install chromium, or pass --chromium)`);
fs.mkdirSync(options.out, { recursive: true });

let server = null;
let home = null;
let base = options.url?.replace(/\/$/, "");
let model = null;
let second = null;

/** Stops the app this script started and waits for it, so its workspace can be removed. */
async function stop() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}
process.on("SIGINT", () => {
  if (server && server.exitCode === null) server.kill("SIGTERM");
  process.exit(130);
});

try {
  if (!base) {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-screenshots-"));
    const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: options.orders, PUSHLAB_SYNTHETIC_SEED: options.seed };
    delete env.PUSHLAB_DATA;
    delete env.PUSHLAB_ADMIN_TOKEN; // open local mode: the pictures show no sign-in prompts
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    log(`workspace ${home} (${options.orders} generated orders, seed ${options.seed}); serving on ${base}`);
    server = spawn(process.execPath, [CLI, "serve", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    await waitForGrid(base, 45 * 60_000, server);

    // The best selectable experiment by validation AP (never the leaky encoding, which only exists to show the leak).
    const results = JSON.parse(cli(["results", "--json"], env)).filter((r) => r.kind === "logreg" && r.encoding !== "target-leaky");
    results.sort((a, b) => b.validation.averagePrecision - a.validation.averagePrecision);
    for (const candidate of results.slice(0, 5)) {
      try {
        cli(["select", candidate.id, "--note", "picked for the README screenshots"], env);
        model = candidate;
        break;
      } catch {
        log(`${candidate.id} cannot be selected; trying the next one`);
      }
    }
    if (!model) fail("no experiment could be selected");
    second = results.find((r) => r.id !== model.id && r.encoding !== model.encoding) ?? null;
    log(`selected ${model.id}; computing the regularization path (none × l1)`);
    cli(["path", "--encoding", "none", "--penalty", "l1"], env);
  }

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const width = Number(options.width);
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    if (!model) {
      // A running app: photograph its active model, or the best experiment in its grid.
      const active = await (await fetch(`${base}/api/models/active`)).json().catch(() => null);
      const id = active?.experimentId ?? null;
      model = id ? { id } : null;
    }
    const experimentId = model?.id ?? "lr-none-l2-C1e-2-unweighted";
    const compareIds = [experimentId, second?.id, "baseline-global_popularity"].filter(Boolean).join(",");
    const shots = [
      { name: "report.png", url: "/", height: 1500, charts: ["budget-chart", "stability-chart"] },
      { name: "experiments.png", url: "/experiments", height: 1500, charts: ["ap-by-c-chart"] },
      { name: "experiment.png", url: `/experiments/${encodeURIComponent(experimentId)}`, height: 1300, charts: ["pr-chart", "f-chart"] },
      { name: "compare.png", url: `/compare?ids=${compareIds}`, height: 1100, charts: ["compare-pr-chart"] },
      { name: "path.png", url: "/experiments/path?encoding=none&penalty=l1", height: 1200, charts: ["path-coef-chart", "path-metric-chart"] },
      { name: "registry.png", url: "/registry", height: 900, charts: [] },
    ];
    for (const shot of shots) {
      await page.setViewportSize({ width, height: shot.height });
      const response = await page.goto(`${base}${shot.url}`, { waitUntil: "networkidle", timeout: 120_000 });
      if (!response || response.status() !== 200) fail(`${shot.url} answered ${response?.status() ?? "nothing"}`);
      // The report's intervals are computed behind the app on first view: photograph it once they are in.
      if (await page.getByTestId("family-status").count()) {
        log("waiting for the report's intervals");
        await page.getByTestId("family-status").waitFor({ state: "detached", timeout: 20 * 60_000 });
        await page.goto(`${base}${shot.url}`, { waitUntil: "networkidle", timeout: 120_000 });
      }
      for (const chart of shot.charts) await page.waitForSelector(`[data-testid="${chart}"] svg`, { timeout: 60_000 });
      await page.waitForTimeout(500); // charts settle after their width is measured
      const file = path.join(options.out, shot.name);
      await page.screenshot({ path: file });
      log(`wrote ${path.relative(ROOT, file)} (${shot.url})`);
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  process.stderr.write(`screenshots: error: ${error instanceof ScreenshotError ? error.message : (error?.stack ?? error)}\n`);
  process.exitCode = 1;
} finally {
  await stop();
  if (home) fs.rmSync(home, { recursive: true, force: true });
}
