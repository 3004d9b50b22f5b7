import { spawn } from "node:child_process";
import path from "node:path";
import type { Workspace } from "../../workspace";
import { RunQueue } from "./run-queue";
import { runEnvironment } from "./run-environment";

/**
 * The app's run queue: one per workspace per server process, running the pushlab CLI from the
 * project root (the app server's working directory) as a child process.
 */
const queues = ((globalThis as { __pushlabQueues?: Map<string, RunQueue> }).__pushlabQueues ??= new Map());

export function runQueue(ws: Workspace): RunQueue {
  let queue = queues.get(ws.runsDir);
  if (!queue) {
    const cli = path.join(/*turbopackIgnore: true*/ process.cwd(), "bin", "pushlab.mjs");
    queue = new RunQueue(ws.runsDir, (args) =>
      spawn(process.execPath, [cli, ...args], { cwd: process.cwd(), env: runEnvironment(process.env, ws.home), stdio: ["ignore", "pipe", "pipe"] }),
    );
    queues.set(ws.runsDir, queue);
  }
  return queue;
}
