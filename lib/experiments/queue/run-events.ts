import { z } from "zod";
import type { RunEvent } from "../running/runner";

/**
 * The JSON lines a run's child process writes on stdout with `--json-events` (`pushlab run`, `pushlab
 * path`, `pushlab report --family-cache`) and the run queue reads: one event a line. Every emitter
 * writes them with formatRunEvent and every reader parses them with parseRunEvent, so the format is
 * defined here once.
 */

const count = z.number().int().nonnegative();

const runLineEventSchema = z.discriminatedUnion("type", [
  /** The experiments a run covers: `current` ones are skipped, `toRun` are fitted. */
  z.object({ type: z.literal("plan"), total: count, current: count, toRun: count }),
  /** What the run is doing now ("loading data", "fitting C 3 of 30"); with `id`, one experiment's stage ("evaluating"). */
  z.object({ type: z.literal("stage"), stage: z.string(), id: z.string().optional() }),
  /**
   * One encoding's group of `experiments` fits starts: its features are being built, or with `built`
   * they were built during the previous group's fits and its fits start now.
   */
  z.object({ type: z.literal("features"), encoding: z.string(), experiments: count, built: z.boolean().optional() }),
  /**
   * A fit's iteration and loss (`id`: its experiment). `pushlab path` sends the points done and the
   * point's C. A loss that is not finite arrives as null (JSON has no NaN).
   */
  z.object({ type: z.literal("progress"), iteration: z.number(), loss: z.number().nullable(), id: z.string().optional() }),
  /** Experiment `index` of the `total` to run finished and its result is stored. */
  z.object({ type: z.literal("done"), id: z.string(), index: count, total: count }),
  /** An experiment failed (with `id`, `index`, `total` inside a run of several), or the whole run did. */
  z.object({ type: z.literal("failed"), message: z.string(), id: z.string().optional(), index: count.optional(), total: count.optional() }),
  /** Bootstrap resamples of the report's simultaneous intervals done so far. */
  z.object({ type: z.literal("replicates"), done: count, total: count }),
]);

export type RunLineEvent = z.infer<typeof runLineEventSchema>;
export type RunLineEventType = RunLineEvent["type"];

/** One event as a line of the stream, newline included. */
export function formatRunEvent(event: RunLineEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** The event a line carries, or null for a line that is not one (other output, a torn or malformed event). */
export function parseRunEvent(line: string): RunLineEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = runLineEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What a line says of one of the runner's events: counts instead of id lists, a done event without its result. */
export function fromRunnerEvent(event: RunEvent): RunLineEvent {
  switch (event.type) {
    case "plan":
      return { type: "plan", total: event.total, current: event.current.length, toRun: event.toRun.length };
    case "features":
      return { type: "features", encoding: event.encoding, experiments: event.experiments, ...(event.built ? { built: true } : {}) };
    case "progress":
      return { type: "progress", id: event.id, iteration: event.iteration, loss: event.loss };
    case "stage":
      return { type: "stage", id: event.id, stage: event.stage };
    case "done":
      return { type: "done", id: event.id, index: event.index, total: event.total };
    case "failed":
      return { type: "failed", id: event.id, message: event.message, index: event.index, total: event.total };
  }
}

/** Every kind of event, in the order the union lists them. */
export const RUN_LINE_EVENT_TYPES: readonly RunLineEventType[] = runLineEventSchema.options.map((o) => o.shape.type.value);
