// What every stage of `npm run bench` measures with: the paths, the log line, and running a command
// under `/usr/bin/time -v` in its own process group with a time limit.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const BENCH = path.join(ROOT, "bench");
export const OUT = path.join(BENCH, "out");
export const PYTHON = "/usr/bin/python3";
export const TIME = "/usr/bin/time";

const t0 = performance.now();
/** Seconds since the benchmark started. */
export const secondsSinceStart = () => (performance.now() - t0) / 1000;

export function say(message) {
  process.stderr.write(`[bench ${secondsSinceStart().toFixed(0).padStart(5)} s] ${message}\n`);
}

/** Parses GNU time -v output. */
export function parseTime(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const get = (re) => {
    const m = text.match(re);
    return m ? m[1] : null;
  };
  const clock = get(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
  let wall = null;
  if (clock) wall = clock.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  const num = (re) => (get(re) === null ? null : Number(get(re)));
  return {
    wallSeconds: wall,
    userSeconds: num(/User time \(seconds\): ([\d.]+)/),
    systemSeconds: num(/System time \(seconds\): ([\d.]+)/),
    maxRssMB: num(/Maximum resident set size \(kbytes\): (\d+)/) === null ? null : num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    exitStatus: num(/Exit status: (\d+)/),
  };
}

function rssOfChildMB(timePid) {
  // /usr/bin/time's child is the measured process; VmRSS of that one (threads included).
  try {
    const kids = fs.readFileSync(`/proc/${timePid}/task/${timePid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    let total = 0;
    for (const kid of kids) {
      const m = fs.readFileSync(`/proc/${kid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]);
    }
    return total / 1024;
  } catch {
    return null;
  }
}

/** Process groups of the measured commands still running, killed if the benchmark itself is interrupted. */
export const running = new Set();

/** On SIGINT / SIGTERM: kills every measured process group still running, says where the work dir is, exits 130. */
export function killRunningOnSignal(workDir) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      for (const pid of running) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {}
      }
      const work = workDir();
      say(`${signal}: stopped${work ? `; work dir ${work}` : ""}`);
      process.exit(130);
    });
  }
}

/**
 * A `timed(label, cmd, args, options)` that runs a command under /usr/bin/time -v (its report in
 * `work`) in its own process group, killed after `stageTimeoutMs` unless the call gives `timeoutMs`.
 * `onLine` sees stdout lines as they arrive (with the arrival time), `onRss` the measured process's
 * RSS every 0.25 s; stderr is passed through with a prefix. Resolves to { stdout, time }.
 */
export function processTimer({ work, stageTimeoutMs }) {
  return function timed(label, cmd, args, { env = {}, onLine, onRss, timeoutMs = stageTimeoutMs, quietStderr = false, cwd = ROOT } = {}) {
    const timeFile = path.join(work, `time-${label.replace(/[^a-z0-9]+/gi, "_")}.txt`);
    say(`${label}: ${cmd} ${args.join(" ")}`);
    return new Promise((resolve, reject) => {
      const child = spawn(TIME, ["-v", "-o", timeFile, cmd, ...args], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      running.add(child.pid);
      let stdout = "";
      let buffered = "";
      child.stdout.on("data", (chunk) => {
        const text = chunk.toString();
        stdout += text;
        if (!onLine) return;
        buffered += text;
        let nl;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          onLine(buffered.slice(0, nl), performance.now());
          buffered = buffered.slice(nl + 1);
        }
      });
      let stderrTail = "";
      child.stderr.on("data", (chunk) => {
        const text = chunk.toString();
        stderrTail = (stderrTail + text).slice(-4000);
        if (!quietStderr) process.stderr.write(text.replace(/^(?=.)/gm, `    ${label} | `));
      });
      const sampler = onRss
        ? setInterval(() => {
            const mb = rssOfChildMB(child.pid);
            if (mb !== null) onRss(mb, performance.now());
          }, 250)
        : null;
      const timer = setTimeout(() => {
        say(`${label}: over the ${timeoutMs / 1000} s limit, killing it`);
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, timeoutMs);
      child.on("error", reject);
      child.on("close", (code) => {
        running.delete(child.pid);
        clearTimeout(timer);
        if (sampler) clearInterval(sampler);
        const time = parseTime(timeFile);
        if (code !== 0) {
          reject(new Error(`${label} failed (exit ${code}): ${stderrTail.trim().split("\n").slice(-5).join(" | ")}`));
          return;
        }
        resolve({ stdout, time });
      });
    });
  };
}

/**
 * A stop for a server spawned `detached` (its own process group): SIGTERM to the group, also when this
 * process exits; the returned promise resolves once the server exited, or after 5 s.
 */
export function processGroupStopper(child) {
  const kill = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", kill);
  return () => {
    kill();
    return new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", resolve);
      setTimeout(resolve, 5000);
    });
  };
}

/** The last line of `text` that is a JSON object (what the bench scripts print last). */
export function lastJsonLine(text) {
  const lines = text.trim().split("\n").filter((l) => l.startsWith("{"));
  return JSON.parse(lines[lines.length - 1]);
}

/** A command's trimmed stdout, or null when it fails. */
export function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** [command, args] running a TypeScript bench script through tsx. */
export const tsxNode = (script, ...args) => [process.execPath, ["--import", "tsx", script, ...args]];
