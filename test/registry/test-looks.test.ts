import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../lib/registry/registry";
import { testLooksFromHistory } from "../../lib/registry/test-looks";

const event = (action: HistoryEvent["action"], version: string, time: string): HistoryEvent => ({ time, action, version, experimentId: `exp-${version}`, actor: "cli", reason: null, previous: null });

describe("testLooksFromHistory", () => {
  it("counts each selection as one look at the test days, in history order; activations and rollbacks are none", () => {
    const history = [event("select", "v1", "t1"), event("activate", "v1", "t2"), event("select", "v2", "t3"), event("rollback", "v1", "t4")];
    expect(testLooksFromHistory(history)).toEqual([
      { time: "t1", actor: "cli", experimentId: "exp-v1", version: "v1", what: "select: test-split evaluation" },
      { time: "t3", actor: "cli", experimentId: "exp-v2", version: "v2", what: "select: test-split evaluation" },
    ]);
    expect(testLooksFromHistory([])).toEqual([]);
  });
});
