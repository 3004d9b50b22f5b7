import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Command } from "commander";
import { reportResults } from "../../../lib/experiments/results/current-results";
import { writeJsonAtomicSync } from "../../../lib/fs-atomic";
import { activeVersion } from "../../../lib/registry/active";
import { reportClaims } from "../../../lib/report/report-claims";
import { planComparisons } from "../../../lib/report/findings";
import { resolveWorkspace } from "../../../lib/workspace";
import { CliError } from "../errors";
import { PROJECT_ROOT } from "../paths";
import { progressBar, runEventWriter } from "../progress";
import { triedIntervals } from "../../../lib/report/tried-experiments";
import { buildIsStale } from "../app-build";

const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new CliError(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("render the report (/) in Debian Chromium to a PDF with page numbers and a generation stamp, and/or to static HTML; --json writes its claims")
    .option("--json <file>", "write the findings as claims (verdicts, intervals), the family of comparisons and the use of the test days, as JSON (no browser needed)")
    .option("--pdf <file>", "write the report as PDF")
    .option("--html <file>", "write the rendered report as one self-contained HTML file")
    .option("--family-cache", "compute the report's simultaneous intervals into the cache and exit (what the app runs behind / when they are not cached)")
    .option("--json-events", "with --family-cache: progress as JSON lines on stdout (for the app's run queue)")
    .option("--url <url>", "an already running pushlab app (default: start one on a free port)")
    .option("--chromium <path>", "Chromium executable", process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")
    .action(async (options: { pdf?: string; html?: string; json?: string; url?: string; chromium: string; familyCache?: boolean; jsonEvents?: boolean }) => {
      if (options.familyCache) {
        const ws = resolveWorkspace();
        const results = reportResults(ws);
        const comparisons = planComparisons(results).length;
        const emit = runEventWriter(options.jsonEvents);
        const bar = options.jsonEvents ? null : progressBar("comparisons");
        emit({ type: "stage", stage: `computing the simultaneous intervals of ${comparisons} comparisons` });
        let last = 0;
        try {
          const claims = reportClaims(ws, results, {
            onReplicate: (done, total) => {
              if (bar) return void ((done % 50 === 0 || done === total) && bar.update(done, total));
              const now = Date.now();
              if (now - last > 250 || done === total) {
                last = now;
                emit({ type: "replicates", done, total });
              }
            },
          });
          // The grid table's own intervals too: the page leaves them to this run while it computes the family.
          const tried = triedIntervals(ws, results);
          const kept = Object.values(tried).filter((i) => i !== null).length;
          const total = Object.keys(tried).length;
          emit({ type: "stage", stage: `${kept} of ${total} experiments' own intervals cached${kept < total ? " (the others keep no validation scores)" : ""}` });
          const how = claims.family.fromCache ? "already cached" : `computed in ${claims.family.seconds.toFixed(1)} s`;
          if (options.jsonEvents) emit({ type: "stage", stage: `${claims.family.comparisons} comparisons ${how}` });
          else process.stdout.write(`family: ${claims.family.comparisons} comparisons ${how}\n`);
        } finally {
          bar?.stop();
        }
        return;
      }
      if (!options.pdf && !options.html && !options.json) throw new CliError("give --pdf FILE, --html FILE and/or --json FILE");
      if (options.json) {
        const ws = resolveWorkspace();
        const bar = progressBar("comparisons");
        let claims;
        try {
          claims = reportClaims(ws, reportResults(ws), { onReplicate: (done, total) => (done % 50 === 0 || done === total) && bar.update(done, total) });
        } finally {
          bar.stop();
        }
        const { findings, family, test } = claims;
        writeJsonAtomicSync(path.resolve(options.json), {
          findings: findings.map((f) => ({ id: f.id, title: f.title, text: f.text, plain: f.plain, verdict: f.verdict, borderline: f.borderline, evidence: f.evidence })),
          family,
          test,
        });
        process.stderr.write(
          `family: ${family.comparisons} comparisons, ${family.replicates} replicates × ${family.seeds} seeds, ${family.fromCache ? "read from the cache" : `computed in ${family.seconds.toFixed(1)} s`}\n`,
        );
        process.stdout.write(`wrote ${options.json}\n`);
        if (!options.pdf && !options.html) return;
      }
      if (!fs.existsSync(options.chromium)) throw new CliError(`no Chromium at ${options.chromium} (apt-get install chromium, or pass --chromium)`);
      const ws = resolveWorkspace();
      // The page shows a status while the intervals are not cached: compute them first, so the print has the findings.
      if (!options.json && !options.url) {
        const bar = progressBar("comparisons");
        try {
          reportClaims(ws, reportResults(ws), { onReplicate: (done, total) => (done % 50 === 0 || done === total) && bar.update(done, total) });
        } finally {
          bar.stop();
        }
      }
      let server: ChildProcess | null = null;
      let base = options.url?.replace(/\/$/, "");
      try {
        if (!base) {
          if (buildIsStale()) throw new CliError("the app is not built (or sources changed): run `npm run build` or `pushlab serve` first");
          const port = await freePort();
          base = `http://127.0.0.1:${port}`;
          server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: PROJECT_ROOT, stdio: "ignore", env: process.env });
          await waitFor(base, 60_000);
        }
        const { chromium } = await import("playwright-core");
        const browser = await chromium.launch({
          executablePath: options.chromium,
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        try {
          const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
          const response = await page.goto(`${base}/`, { waitUntil: "networkidle", timeout: 120_000 });
          if (!response || response.status() !== 200) throw new CliError(`the report page answered ${response?.status() ?? "nothing"}`);
          await page.waitForSelector('[data-testid="orders-per-day-chart"] svg', { timeout: 30_000 });
          // Intervals still computed behind the app (another server's cache): the page fills in by itself.
          await page.waitForSelector('[data-testid="family-status"]', { state: "detached", timeout: 600_000 });
          // The targeting preview loads its default product after hydration: print it with its list.
          const product = await page.$eval('[data-testid="targeting-select"]', (el) => (el as HTMLSelectElement).value).catch(() => "");
          if (product) await page.waitForSelector('[data-testid="targeting-summary"]', { timeout: 60_000 });
          const version = activeVersion(ws)?.version ?? "no model selected";
          const dataFile = path.basename(ws.dataFile);
          const stamp = `pushlab report · data ${dataFile} · model ${version} · generated ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
          if (options.pdf) {
            await page.emulateMedia({ media: "print" });
            await page.pdf({
              path: options.pdf,
              format: "A4",
              printBackground: true,
              displayHeaderFooter: true,
              headerTemplate: "<span></span>",
              footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;color:#555"><span>${escapeHtml(stamp)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
              margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
            });
            process.stdout.write(`wrote ${options.pdf}\n`);
          }
          if (options.html) {
            await page.emulateMedia({ media: "screen" });
            const html = await page.evaluate(() => {
              const clone = document.documentElement.cloneNode(true) as HTMLElement;
              clone.querySelectorAll("script, link[rel=preload], link[rel=modulepreload], .no-print").forEach((el) => el.remove());
              let css = "";
              for (const sheet of Array.from(document.styleSheets)) css += Array.from(sheet.cssRules, (rule) => rule.cssText).join("\n");
              clone.querySelectorAll("link[rel=stylesheet], style").forEach((el) => el.remove());
              const style = document.createElement("style");
              style.textContent = css;
              clone.querySelector("head")?.appendChild(style);
              return `<!DOCTYPE html>\n${clone.outerHTML}`;
            });
            fs.writeFileSync(options.html, html);
            process.stdout.write(`wrote ${options.html}\n`);
          }
        } finally {
          await browser.close();
        }
      } finally {
        server?.kill("SIGTERM");
      }
    });
}
