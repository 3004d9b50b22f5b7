import type { HistoryEvent } from "./registry";

/**
 * Looks at the test days: every evaluation on the test split. Until the registry keeps a dedicated
 * ledger of test looks, the looks are the registry history's selections — each `select` scored the
 * chosen experiment on the test days and wrote its figures into the version. The model card reads
 * looks only through this function, so a fuller ledger replaces its body, not the card.
 */
export interface TestLook {
  time: string;
  actor: string;
  experimentId: string;
  /** The version the look produced (null when the look wrote none). */
  version: string | null;
  what: string;
}

export function testLooksFromHistory(history: HistoryEvent[]): TestLook[] {
  return history
    .filter((e) => e.action === "select")
    .map((e) => ({ time: e.time, actor: e.actor, experimentId: e.experimentId, version: e.version, what: "select: test-split evaluation" }));
}
