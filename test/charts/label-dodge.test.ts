import { describe, expect, it } from "vitest";
import { dodgeLabels } from "../../lib/charts/label-dodge";

const minGap = (ys: number[]) => {
  const s = [...ys].sort((a, b) => a - b);
  return Math.min(...s.slice(1).map((y, k) => y - s[k]));
};

describe("dodgeLabels", () => {
  it("leaves labels that are already apart where they are", () => {
    expect(dodgeLabels([0.1, 0.5, 0.3], 0.1)).toEqual([0.1, 0.5, 0.3]);
  });

  it("spreads labels that coincide evenly around their value, keeping their order", () => {
    const ys = dodgeLabels([0.2, 0.2, 0.2], 0.01);
    expect(ys[0]).toBeCloseTo(0.19, 12);
    expect(ys[1]).toBeCloseTo(0.2, 12);
    expect(ys[2]).toBeCloseTo(0.21, 12);
  });

  it("places a touching pair symmetrically about its mean, then merges with a neighbour it pushes into", () => {
    const [a, b] = dodgeLabels([0.5, 0.52], 0.1);
    expect(a).toBeCloseTo(0.46, 12);
    expect(b).toBeCloseTo(0.56, 12);
    const ys = dodgeLabels([0.5, 0.52, 0.62], 0.1);
    expect(minGap(ys)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect((ys[0] + ys[1] + ys[2]) / 3).toBeCloseTo((0.5 + 0.52 + 0.62) / 3, 12);
    expect(ys[0]).toBeLessThan(ys[1]);
    expect(ys[1]).toBeLessThan(ys[2]);
  });

  it("never lets two labels overlap and stays inside the axis when there is room", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 0.15 + random() * 0.06);
      const ys = dodgeLabels(values, 0.01, 0, 0.2);
      if (values.length > 1) expect(minGap(ys)).toBeGreaterThanOrEqual(0.01 - 1e-12);
      for (const y of ys) {
        expect(y).toBeGreaterThanOrEqual(-1e-12);
        expect(y).toBeLessThanOrEqual(0.2 + 1e-12);
      }
      // Order is kept: a higher value never gets a lower label.
      const byValue = values.map((v, i) => [v, ys[i]] as const).sort((p, q) => p[0] - q[0]);
      for (let k = 1; k < byValue.length; k++) expect(byValue[k][1]).toBeGreaterThan(byValue[k - 1][1]);
    }
  });

  it("handles no labels", () => {
    expect(dodgeLabels([], 1)).toEqual([]);
  });
});
