import { spawn } from "node:child_process";
import type { Launcher, RunQueue } from "../../lib/experiments/queue/run-queue";

/** A fake CLI: args[0] is a script of JSON lines to print, args[1] the exit code, args[2] a delay in ms. */
export const fakeLauncher: Launcher = (args) => {
  const [lines, code, delay] = args;
  const script = `setTimeout(() => { process.stdout.write(${JSON.stringify(lines)}); process.stderr.write("pushlab: boom\\n"); process.exit(${Number(code)}); }, ${Number(delay ?? 20)});`;
  return spawn(process.execPath, ["-e", script]);
};

/** Resolves once `predicate` holds, checked at once and on every change of the queue. */
export function waitFor(queue: RunQueue, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const check = () => {
      if (predicate()) {
        queue.off("change", check);
        resolve();
      }
    };
    queue.on("change", check);
  });
}
