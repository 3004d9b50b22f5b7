// Stage: the feature-frame file (`pushlab generate`), reused from bench/out/ with its recorded timing
// unless --regenerate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, say } from "./util/process.mjs";

export async function generateStage({ timed, options }, file, recordFile) {
  if (fs.existsSync(file) && fs.existsSync(recordFile) && !options.regenerate) {
    const record = JSON.parse(fs.readFileSync(recordFile, "utf8"));
    if (record.bytes === fs.statSync(file).size) {
      say(`reusing ${path.relative(ROOT, file)} (generated ${record.date}, ${record.time.wallSeconds} s)`);
      return { ...record, reused: true };
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const { stdout, time } = await timed("generate", process.execPath, ["bin/pushlab.mjs", "generate", "--orders", String(options.orders), "--seed", String(options.seed), "--out", tmp], {
    quietStderr: true,
  });
  fs.renameSync(tmp, file);
  const m = stdout.match(/wrote .*: ([\d,]+) rows, ([\d,]+) orders, ([\d.]+) MB in ([\d.]+) s/);
  const record = {
    date: new Date().toISOString(),
    command: `node bin/pushlab.mjs generate --orders ${options.orders} --seed ${options.seed} --out ${path.relative(ROOT, file)}`,
    rows: m ? Number(m[1].replaceAll(",", "")) : null,
    bytes: fs.statSync(file).size,
    reportedSeconds: m ? Number(m[4]) : null,
    time,
    loadAvg: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
  fs.writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  say(`generated ${record.rows?.toLocaleString("en")} rows, ${(record.bytes / 1e6).toFixed(0)} MB in ${time.wallSeconds} s, peak RSS ${time.maxRssMB.toFixed(0)} MB`);
  return { ...record, reused: false };
}
