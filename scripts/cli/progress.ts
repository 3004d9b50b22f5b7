import cliProgress from "cli-progress";
import { formatRunEvent, type RunLineEvent } from "../../lib/experiments/queue/run-events";

/** A terminal progress bar on stderr (cli-progress); stays quiet when stderr is not a terminal. */
export interface ProgressBar {
  update(done: number, total?: number, payload?: Record<string, string | number>): void;
  /** Changes the text after the bar without moving it. */
  note(detail: string): void;
  stop(): void;
}

export function progressBar(label: string, unit: "bytes" | "items" = "items"): ProgressBar {
  const format =
    unit === "bytes"
      ? `${label.padEnd(12)} {bar} {percentage}% | {doneMB}/{totalMB} MB | ETA {eta_formatted}`
      : `${label.padEnd(12)} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} {detail}`;
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1e6).toFixed(0);
  return {
    update(done, total, payload = {}) {
      const extra = unit === "bytes" ? { doneMB: mb(done), totalMB: mb(total ?? 0) } : { detail: "" };
      if (!started) {
        bar.start(total ?? 0, done, { ...extra, ...payload });
        started = true;
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { ...extra, ...payload });
      }
    },
    note(detail) {
      if (started) bar.update({ detail });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

const STAGE_LABELS: Record<string, string> = { generate: "generating", parse: "loading" };

/**
 * Routes the data layer's staged progress (generate, parse) to one bar per stage on a terminal; when
 * stderr is not a terminal (a log file, CI), writes one line per stage with its duration instead.
 */
export function stagedProgress(
  stream: { isTTY?: boolean; write(text: string): unknown } = process.stderr,
): { onProgress: (p: { stage: string; done: number; total: number }) => void; stop: () => void } {
  let stage = "";
  let bar: ProgressBar | null = null;
  let stageStarted = 0;
  let last: { done: number; total: number } = { done: 0, total: 0 };
  const endStage = () => {
    if (!stage || stream.isTTY) return;
    const size = stage === "parse" ? ` ${(last.total / 1e6).toFixed(0)} MB` : stage === "generate" ? ` ${last.total.toLocaleString("en-US")} rows` : "";
    stream.write(`pushlab: ${STAGE_LABELS[stage] ?? stage}${size} ${((performance.now() - stageStarted) / 1000).toFixed(1)} s\n`);
  };
  return {
    onProgress(p) {
      if (p.stage !== stage) {
        bar?.stop();
        endStage();
        stage = p.stage;
        stageStarted = performance.now();
        if (stream.isTTY) bar = progressBar(STAGE_LABELS[p.stage] ?? p.stage, p.stage === "parse" ? "bytes" : "items");
      }
      last = p;
      bar?.update(p.done, p.total);
    },
    stop() {
      bar?.stop();
      endStage();
      stage = "";
    },
  };
}

/**
 * `--json-events`: writes each run event as one JSON line on stdout (what the app's run queue reads);
 * does nothing when the flag is off.
 */
export function runEventWriter(enabled: boolean | undefined, stream: { write(text: string): unknown } = process.stdout): (event: RunLineEvent) => void {
  return (event) => {
    if (enabled) stream.write(formatRunEvent(event));
  };
}
