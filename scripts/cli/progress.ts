import cliProgress from "cli-progress";

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

/** Routes the data layer's staged progress (generate, parse) to one bar per stage. */
export function stagedProgress(): { onProgress: (p: { stage: string; done: number; total: number }) => void; stop: () => void } {
  let stage = "";
  let bar: ProgressBar | null = null;
  return {
    onProgress(p) {
      if (p.stage !== stage) {
        bar?.stop();
        stage = p.stage;
        bar = progressBar(p.stage === "generate" ? "generating" : p.stage === "parse" ? "loading" : p.stage, p.stage === "parse" ? "bytes" : "items");
      }
      bar!.update(p.done, p.total);
    },
    stop() {
      bar?.stop();
    },
  };
}
