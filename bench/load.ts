/**
 * Times ONE load of the feature frame through lib/data/dataset.ts and prints one JSON line.
 *
 *   npx tsx bench/load.ts --file F --cache DIR              # cold parse when DIR holds no cache for F
 *   npx tsx bench/load.ts --file F --cache DIR              # again, in a new process: Arrow-cache reload
 *   npx tsx bench/load.ts --file F --cache DIR --prepare    # also time the ≥5-items filter and the split
 *   npx tsx bench/load.ts --file F --cache -                # parse only: loadDataset(file) with no cache at all
 *   … --parallel never|always                              # the CSV read on one thread / on two workers (default: auto)
 *
 * bench/run.mjs runs it under `/usr/bin/time -v` for the peak RSS; the seconds printed here are measured
 * inside the process around the library call only (no node/tsx start-up).
 */
import { loadDataset, prepareData } from "../lib/data/dataset";
import { filterOrdersByItems } from "../lib/data/order-filter";
import { temporalSplit } from "../lib/data/temporal-split";
import { arg, fileArguments } from "./harness";

const { file, cacheDir } = fileArguments("tsx bench/load.ts --file F --cache DIR [--prepare] [--parallel auto|always|never]");

const mb = (bytes: number) => Math.round(bytes / 1e6);
const round = (s: number) => Number(s.toFixed(4));

const parallel = arg("parallel") as "auto" | "always" | "never" | undefined;
const t0 = performance.now();
const loaded = await loadDataset(file, cacheDir === "-" ? { parallel } : { cacheDir, parallel });
const loadSeconds = (performance.now() - t0) / 1000;
const afterLoad = process.memoryUsage();

const out: Record<string, unknown> = {
  fromCache: loaded.fromCache,
  loadSeconds: round(loadSeconds),
  rows: loaded.frame.rowCount,
  memoryAfterLoadMB: { rss: mb(afterLoad.rss), heapUsed: mb(afterLoad.heapUsed), arrayBuffers: mb(afterLoad.arrayBuffers) },
};

if (process.argv.includes("--prepare")) {
  // The two halves separately, then prepareData() as the runner calls it.
  let t = performance.now();
  const filter = filterOrdersByItems(loaded.frame);
  const filterSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  temporalSplit(loaded.frame, filter.rows);
  const splitSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const prepared = prepareData(loaded.frame);
  const prepareSeconds = (performance.now() - t) / 1000;
  const day = (d: number) => new Date(d * 86400000).toISOString().slice(0, 10);
  Object.assign(out, {
    filterSeconds: round(filterSeconds),
    splitSeconds: round(splitSeconds),
    prepareSeconds: round(prepareSeconds),
    ordersBefore: prepared.filter.ordersBefore,
    ordersKept: prepared.filter.ordersKept,
    rowsKept: prepared.filter.rows.length,
    split: Object.fromEntries(
      prepared.split.stats.map((s) => [s.name, { rows: s.rows, orders: s.orders, positives: s.positives, firstDay: day(s.firstDay), lastDay: day(s.lastDay) }]),
    ),
  });
}

process.stdout.write(`${JSON.stringify(out)}\n`);
