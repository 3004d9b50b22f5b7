// JavaScript per page, as a browser loads it: the <script src> of the served HTML (module scripts;
// nomodule polyfills are skipped by every current browser), each gzipped at the default level.
// Usage: node bench/page-js.mjs BASE_URL PATH... (a running `pushlab serve`); prints JSON.
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const [base, ...paths] = process.argv.slice(2);
  console.log(JSON.stringify(await pageJs(base, paths), null, 2));
}
