import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { getDatasetSummary } from "../../../lib/data/workspace-data";
import { resolveWorkspace } from "../../../lib/workspace";
import { CliError } from "../errors";
import { parsePositiveInt } from "../options";
import { runWorkspaceExperiments } from "../run-experiments";
import { buildIsStale } from "../app-build";
import { stagedProgress } from "../progress";

import { PROJECT_ROOT } from "../paths";
const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("prepare the data (generating the default file if missing), build the app if needed, and serve it")
    .option("-p, --port <port>", "port", parsePositiveInt("--port"), 3000)
    .option("-H, --hostname <host>", "address to listen on", "localhost")
    .option("--no-build", "serve the existing build even if sources changed")
    .option("--no-experiments", "do not run the experiments that are not current before serving")
    .action(async (options: { port: number; hostname: string; build: boolean; experiments: boolean }) => {
      const ws = resolveWorkspace();
      process.stderr.write(`pushlab: workspace ${ws.home}, data ${ws.dataFile}${ws.synthetic ? " (synthetic default)" : ""}\n`);
      const progress = stagedProgress();
      const summary = await getDatasetSummary(ws, progress.onProgress);
      progress.stop();
      process.stderr.write(`pushlab: ${summary.rows.toLocaleString("en-US")} rows, ${summary.filter.ordersKept} orders kept by the filter\n`);
      if (options.experiments) {
        const run = await runWorkspaceExperiments(ws, {});
        process.stderr.write(`pushlab: experiments: ${run.ran} run, ${run.current} current, ${run.failed} failed\n`);
      }

      if (options.build && buildIsStale()) {
        process.stderr.write("pushlab: building the app (next build)…\n");
        const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: PROJECT_ROOT, stdio: "inherit" });
        if (build.status !== 0) throw new CliError(`next build failed with exit code ${build.status}`);
      }
      process.stderr.write(`pushlab: serving on http://${options.hostname}:${options.port}\n`);
      const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(options.port), "-H", options.hostname], {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
        env: { ...process.env, PUSHLAB_HOME: ws.home, ...(ws.synthetic ? {} : { PUSHLAB_DATA: ws.dataFile }) },
      });
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
      const code: number = await new Promise((resolve) => server.on("exit", (c) => resolve(c ?? 0)));
      if (code !== 0) throw new CliError(`next start exited with code ${code}`);
    });
}
