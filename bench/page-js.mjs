// JavaScript per page, as a browser loads it: the <script src> of the served HTML (module scripts;
// nomodule polyfills are skipped by every current browser), each gzipped at the default level.
// Usage: node bench/page-js.mjs BASE_URL PATH... (a running `pushlab serve`); prints, per page, the
// initial scripts' size and everything Chromium loads (on-demand chunks included).
import zlib from "node:zlib";

export async function pageJs(base, paths) {
  const sizes = new Map();
  const out = [];
  for (const pagePath of paths) {
    const html = await (await fetch(new URL(pagePath, base))).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)]
      .map((m) => m[1])
      .filter((attrs) => !/\bnomodule\b/i.test(attrs))
      .map((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1])
      .filter(Boolean);
    let raw = 0;
    let gzip = 0;
    for (const src of new Set(scripts)) {
      if (!sizes.has(src)) {
        const body = Buffer.from(await (await fetch(new URL(src.replaceAll("&amp;", "&"), base))).arrayBuffer());
        sizes.set(src, { raw: body.length, gzip: zlib.gzipSync(body).length });
      }
      raw += sizes.get(src).raw;
      gzip += sizes.get(src).gzip;
    }
    out.push({ path: pagePath, scripts: new Set(scripts).size, rawKB: +(raw / 1024).toFixed(1), gzipKB: +(gzip / 1024).toFixed(1) });
  }
  return out;
}

/**
 * Every script the page loads in Chromium until the network is idle — the initial scripts plus what is
 * fetched on demand (the chart library) — each counted once per page, gzipped at the default level.
 */
export async function pageJsInBrowser(base, paths, executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const out = [];
  try {
    for (const pagePath of paths) {
      const page = await browser.newPage();
      const scripts = new Map();
      page.on("response", (response) => {
        if (response.request().resourceType() === "script") scripts.set(response.url(), response.body().catch(() => Buffer.alloc(0)));
      });
      await page.goto(new URL(pagePath, base).href, { waitUntil: "load" });
      await page.waitForTimeout(Number(process.env.PAGE_JS_SETTLE_MS ?? 1500)); // on-demand chunks start after hydration
      let raw = 0;
      let gzip = 0;
      for (const body of await Promise.all(scripts.values())) {
        raw += body.length;
        gzip += zlib.gzipSync(body).length;
      }
      out.push({ path: pagePath, scripts: scripts.size, rawKB: +(raw / 1024).toFixed(1), gzipKB: +(gzip / 1024).toFixed(1) });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [base, ...paths] = process.argv.slice(2);
  const initial = await pageJs(base, paths);
  const loaded = await pageJsInBrowser(base, paths);
  console.log(JSON.stringify(initial.map((p, k) => ({ path: p.path, initialGzipKB: p.gzipKB, loadedGzipKB: loaded[k].gzipKB, loadedScripts: loaded[k].scripts })), null, 2));
}
