import { describe, expect, it } from "vitest";
import { stagedProgress } from "../../scripts/cli/progress";

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  return { stream: { isTTY, write: (text: string) => lines.push(text) }, lines };
}

describe("stagedProgress", () => {
  it("writes one line per stage with its size and duration when stderr is not a terminal", async () => {
    const { stream, lines } = fakeStream(false);
    const progress = stagedProgress(stream);
    progress.onProgress({ stage: "generate", done: 0, total: 5000 });
    progress.onProgress({ stage: "generate", done: 5000, total: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    progress.onProgress({ stage: "parse", done: 1e6, total: 12e6 });
    progress.onProgress({ stage: "parse", done: 12e6, total: 12e6 });
    expect(lines).toHaveLength(1);
    progress.stop();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^pushlab: generating 5,000 rows \d+\.\d s\n$/);
    expect(Number(/ (\d+\.\d) s/.exec(lines[0])![1])).toBeGreaterThanOrEqual(0);
    expect(lines[1]).toMatch(/^pushlab: loading 12 MB \d+\.\d s\n$/);
    progress.stop();
    expect(lines).toHaveLength(2); // stopping twice writes nothing more
  });

  it("writes no stage lines to a terminal (the bars show the stages there)", () => {
    const { stream, lines } = fakeStream(true);
    const progress = stagedProgress(stream);
    progress.stop();
    expect(lines).toEqual([]);
  });
});
