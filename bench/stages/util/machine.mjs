// The machine and software a benchmark ran on, and what else was busy on it (the machine is shared).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT, sh } from "./process.mjs";

export function machine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const mhz = cpuinfo.match(/cpu MHz\s*:\s*(.*)/)?.[1] ?? null;
  const py = sh(PYTHON, [
    "-c",
    "import platform, json, pandas, numpy, sklearn, scipy; print(json.dumps({'python': platform.python_version(), 'pandas': pandas.__version__, 'numpy': numpy.__version__, 'scipy': scipy.__version__, 'sklearn': sklearn.__version__}))",
  ]);
  const pkg = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    nproc: Number(sh("nproc", [])) || os.availableParallelism(),
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    cpuModel: model,
    cpuMHz: mhz,
    kernel: os.release(),
    loadAvgStart: os.loadavg().map((v) => Number(v.toFixed(2))),
    node: process.version,
    next: pkg("next"),
    tsx: pkg("tsx"),
    python: py ? JSON.parse(py) : null,
    git: { commit: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]), dirty: (sh("git", ["-C", ROOT, "status", "--porcelain", "--", "lib", "scripts"]) ?? "") !== "" },
    date: new Date().toISOString(),
  };
}

/** Other processes using CPU right now (the machine is shared), for the record. */
export function busyProcesses() {
  const out = sh("ps", ["-eo", "pcpu,etimes,args", "--sort=-pcpu", "--no-headers"]) ?? "";
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => Number(l.split(/\s+/)[0]) >= 20 && !l.includes("ps -eo"))
    .slice(0, 5)
    .map((l) => l.slice(0, 140));
}
