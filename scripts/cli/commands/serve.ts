import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { definitionDirs, loadExperimentSpecs } from "../../../lib/experiments/definitions/definitions-store";
import { hasPendingWork, pendingGridWork } from "../../../lib/experiments/queue/grid-pending";
import { resolveWorkspace } from "../../../lib/workspace";
import { buildIsStale } from "../app-build";
import { startBuildStatusServer } from "../build-status-server";
import { CliError } from "../errors";
import { parsePositiveInt } from "../options";

import { PROJECT_ROOT } from "../paths";
const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");

/**
 * Where the app listens: `--port` / `--hostname`, else the PORT / HOSTNAME variables (the convention
 * of Node servers and hosting platforms), else localhost:3000.
 */
export function resolveListen(options: { port?: number; hostname?: string }, env: Record<string, string | undefined> = process.env): { port: number; hostname: string } {
  let port = options.port;
  if (port === undefined && env.PORT !== undefined && env.PORT !== "") {
    const value = Number(env.PORT);
    if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new CliError(`PORT must be a port number (1–65535), got '${env.PORT}'`);
    port = value;
  }
  if (port !== undefined && port > 65535) throw new CliError(`--port must be a port number (1–65535), got '${port}'`);
  return { port: port ?? 3000, hostname: options.hostname ?? (env.HOSTNAME || "localhost") };
}

function displayUrl(hostname: string, port: number): string {
  return `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Resolves once the server answers any HTTP request (or rejects when it exits first). */
async function waitUntilServing(url: string, exited: Promise<number>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new CliError("next start exited before serving");
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("build the app if needed and serve it at once; the data and the experiments that are not current are computed behind it")
    .option("-p, --port <port>", "port (default: $PORT, else 3000)", parsePositiveInt("--port"))
    .option("-H, --hostname <host>", "address to listen on (default: $HOSTNAME, else localhost)")
    .option("--no-build", "serve the existing build even if sources changed")
    .option("--no-experiments", "do not run the experiments that are not current behind the app")
    .action(async (options: { port?: number; hostname?: string; build: boolean; experiments: boolean }) => {
      const started = performance.now();
      const { port, hostname } = resolveListen(options);
      const ws = resolveWorkspace();
      const log = (line: string) => process.stderr.write(`pushlab: ${line}\n`);
      log(`workspace ${ws.home}, data ${ws.dataFile}${ws.synthetic ? " (synthetic default)" : ""}`);
      if (!ws.synthetic && !fs.existsSync(ws.dataFile)) throw new CliError(`${ws.dataFile}: file not found (PUSHLAB_DATA points at it)`);

      if (options.build && buildIsStale()) {
        const buildStarted = performance.now();
        // The port answers while the app builds: a page that says so, and reloads when the app is up.
        const placeholder = await startBuildStatusServer(port, hostname, { stage: "building the app (next build)", startedAt: Date.now() }).catch((error: Error) => {
          throw new CliError(`cannot listen on ${hostname}:${port}: ${error.message}`);
        });
        log(`building the app (next build)…; ${displayUrl(hostname, port)} says so meanwhile`);
        const build = spawn(process.execPath, [NEXT_BIN, "build"], { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit"] });
        const status: number = await new Promise((resolve) => build.on("exit", (code) => resolve(code ?? 1)));
        await placeholder.close();
        if (status !== 0) throw new CliError(`next build failed with exit code ${status}`);
        log(`built the app in ${seconds(buildStarted)}`);
      } else log(`the build is ${options.build ? "current" : "not checked (--no-build)"}`);

      let grid = false;
      if (options.experiments) {
        const checked = performance.now();
        const work = pendingGridWork(ws, loadExperimentSpecs(definitionDirs(PROJECT_ROOT, ws.home)));
        grid = hasPendingWork(work);
        const parts = [work.data ? "generate the data file" : null, work.summary ? "summarize the data" : null, work.experiments.length ? `${work.experiments.length} experiment(s)` : null].filter(Boolean);
        log(grid ? `to compute behind the app: ${parts.join(", ")} (checked in ${seconds(checked)})` : `every experiment is current (checked in ${seconds(checked)})`);
      }

      const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", hostname], {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
        env: { ...process.env, PUSHLAB_HOME: ws.home, PUSHLAB_SERVE_GRID: grid ? "1" : "0", ...(ws.synthetic ? {} : { PUSHLAB_DATA: ws.dataFile }) },
      });
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
      const exited: Promise<number> = new Promise((resolve) => server.on("exit", (c) => resolve(c ?? 0)));
      const probeHost = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
      await waitUntilServing(`http://${probeHost}:${port}/api/status`, exited);
      log(`serving on ${displayUrl(hostname, port)} (${seconds(started)} after start)${grid ? "; the grid runs behind the app, its progress is on every page" : ""}`);
      const code = await exited;
      if (code !== 0) throw new CliError(`next start exited with code ${code}`);
    });
}
