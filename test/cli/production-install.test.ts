import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The CLI runs on a production install (`npm ci --omit=dev` or `npm prune --omit=dev`): nothing it
 * imports, statically or on demand, may be a devDependency (`pushlab report` once imported
 * @playwright/test). Two checks: the CLI's import graph against package.json (instant), and the real
 * thing in a scratch copy of the repository — the full install (PUSHLAB_TEST_NPM_CI=1: by npm ci), the dev dependencies pruned,
 * then generate, run, `report --json` and `report --pdf` with the pruned node_modules.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Value imports, re-exports and dynamic import("…") of one file (type-only imports are erased). */
function specifiersOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const staticOnes = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]);
  const bare = [...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  return [...staticOnes, ...bare, ...dynamic];
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}.js`, path.join(base, "index.ts")]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

function packagesReached(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of specifiersOf(file)) {
      if (specifier.startsWith("node:")) continue;
      const local = resolveLocal(file, specifier);
      if (local) visit(local);
      else packages.add(packageName(specifier));
    }
  };
  visit(entry);
  return { files, packages };
}

describe("the CLI on a production install", () => {
  it("imports no devDependency, statically or on demand", () => {
    const { files, packages } = packagesReached(path.join(ROOT, "scripts/cli/main.ts"));
    expect([...files].map((f) => path.relative(ROOT, f))).toContain("scripts/cli/commands/report.ts");
    expect([...packages]).toContain("playwright-core"); // the walk sees report's on-demand import
    const dev = [...packages].filter((p) => p in pkg.devDependencies);
    expect(dev).toEqual([]);
    for (const p of packages) expect(Object.keys(pkg.dependencies), `${p} must be a dependency`).toContain(p);
  });

  it(
    "after the lockfile's full install and npm prune --omit=dev, generate, run, report --json and report --pdf work",
    async (context) => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-prod-"));
      try {
        // The working tree's files (tracked and new, not ignored), without node_modules or builds.
        const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
        for (const file of files) {
          const from = path.join(ROOT, file);
          if (!fs.existsSync(from)) continue; // deleted in the working tree
          fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
          fs.copyFileSync(from, path.join(scratch, file));
        }
        const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
        // The full install the lockfile describes: this checkout's node_modules as hard links (seconds; npm
        // prune only unlinks, so the checkout's own files are untouched), or else npm ci from the cache
        // (minutes on a busy 2-core machine).
        const linked = process.env.PUSHLAB_TEST_NPM_CI ? { status: 1 } : spawnSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(scratch, "node_modules")]);
        const install = linked.status === 0 ? { status: 0, stderr: "" } : spawnSync("npm", ["ci", "--prefer-offline"], { cwd: scratch, env, encoding: "utf8" });
        if (install.status !== 0) {
          if (/ENOTFOUND|EAI_AGAIN|ENETUNREACH|ECONNREFUSED|ETIMEDOUT/.test(install.stderr)) {
            context.skip(`npm ci needs packages that are not in the local npm cache and the registry is unreachable: ${install.stderr.split("\n").find((l) => /ENOTFOUND|EAI_AGAIN|ENETUNREACH|ECONNREFUSED|ETIMEDOUT/.test(l))}`);
          }
          throw new Error(`npm ci failed:\n${install.stderr.slice(-2000)}`);
        }
        const prune = spawnSync("npm", ["prune", "--omit=dev"], { cwd: scratch, env, encoding: "utf8" });
        expect(prune.status, prune.stderr).toBe(0);
        // npm keeps a devDependency that is also an optional peer of a dependency ("devOptional" in the
        // lockfile: @playwright/test and its playwright, peers of next). A production install need not
        // have them, so they are removed here too; every other devDependency must be gone already.
        const lock = JSON.parse(fs.readFileSync(path.join(scratch, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
        for (const [key, entry] of Object.entries(lock.packages)) {
          if (!key.startsWith("node_modules/") || key.lastIndexOf("node_modules/") !== 0) continue;
          const where = path.join(scratch, key);
          if (entry.dev) expect(fs.existsSync(where), `${key} pruned`).toBe(false);
          else if (entry.devOptional) fs.rmSync(where, { recursive: true, force: true });
        }
        // (A devDependency another dependency also needs, e.g. @types/node, stays: it is then not dev-only.)
        for (const dev of ["@playwright/test", "vitest", "typescript", "onnxruntime-node"]) expect(fs.existsSync(path.join(scratch, "node_modules", dev)), `${dev} absent`).toBe(false);
        for (const dep of Object.keys(pkg.dependencies)) expect(fs.existsSync(path.join(scratch, "node_modules", dep)), `${dep} installed`).toBe(true);

        const home = path.join(scratch, ".pushlab-test");
        const data = path.join(scratch, "feature_frame.csv");
        const cliEnv = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_DATA: data };
        const cli = (...args: string[]) => {
          const run = spawnSync(process.execPath, ["bin/pushlab.mjs", ...args], { cwd: scratch, env: cliEnv, encoding: "utf8" });
          expect(run.status, `pushlab ${args.join(" ")}: ${run.stderr.slice(-1500)}`).toBe(0);
          return run.stdout;
        };
        cli("generate", "--orders", "80", "--seed", "11", "--out", data);
        cli("run", "--only", "lr-none-l2-C1e-6-unweighted");
        cli("run", "--only", "baseline-*");
        const claimsFile = path.join(scratch, "claims.json");
        expect(cli("report", "--json", claimsFile)).toContain(`wrote ${claimsFile}`);
        const claims = JSON.parse(fs.readFileSync(claimsFile, "utf8")) as { findings: { id: string; evidence: { low: number | null }[] }[]; family: { comparisons: number } };
        const best = claims.findings.find((f) => f.id === "best-vs-baseline");
        expect(best?.evidence.length).toBe(2);
        expect(claims.family.comparisons).toBeGreaterThanOrEqual(2);

        // The browser half (playwright-core and Chromium), against a page that has what report waits for;
        // the app itself is not built here (a production build takes minutes on this machine).
        const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
        if (!fs.existsSync(chromium)) return;
        const server = http.createServer((_req, res) => {
          res.writeHead(200, { "content-type": "text/html" });
          res.end('<!doctype html><title>report</title><h1>pushlab report</h1><div data-testid="orders-per-day-chart"><svg width="10" height="10"></svg></div>');
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
          const { port } = server.address() as { port: number };
          const pdf = path.join(scratch, "report.pdf");
          const run = await spawnAsync(process.execPath, ["bin/pushlab.mjs", "report", "--pdf", pdf, "--url", `http://127.0.0.1:${port}`, "--chromium", chromium], scratch, cliEnv);
          expect(run.status, run.stderr.slice(-1500)).toBe(0);
          expect(fs.readFileSync(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
        } finally {
          server.close();
        }
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    },
    900_000,
  );
});

/** spawn as a promise, so the test's own HTTP server keeps answering while the CLI runs. */
function spawnAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}
