import { describe, expect, it } from "vitest";
import { getOrInsert, groupPositions, mondayOf } from "../../lib/data/grouping";

describe("grouping", () => {
  it("mondayOf gives the Monday that starts the UTC week of an epoch day", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(mondayOf(day("1970-01-05"))).toBe(day("1970-01-05"));
    expect(mondayOf(day("1970-01-11"))).toBe(day("1970-01-05")); // Sunday
    expect(mondayOf(day("2021-03-04"))).toBe(day("2021-03-01")); // Thursday
    for (let d = day("2020-12-20"); d < day("2021-01-20"); d++) {
      const monday = mondayOf(d);
      expect(new Date(monday * 86_400_000).getUTCDay()).toBe(1);
      expect(d - monday).toBeGreaterThanOrEqual(0);
      expect(d - monday).toBeLessThan(7);
    }
    expect(new Date(mondayOf(0) * 86_400_000).toISOString().slice(0, 10)).toBe("1969-12-29"); // before the epoch's first Monday
  });

  it("groupPositions groups positions in the row list by the key of each row, in first-seen order", () => {
    const rows = Uint32Array.from([10, 11, 12, 13, 14]);
    const key = (row: number) => (row % 2 === 0 ? "even" : "odd");
    expect([...groupPositions(rows, key).entries()]).toEqual([
      ["even", [0, 2, 4]],
      ["odd", [1, 3]],
    ]);
    expect(groupPositions(new Uint32Array(0), key).size).toBe(0);
  });

  it("getOrInsert makes a value once per key", () => {
    const map = new Map<string, number[]>();
    let made = 0;
    const make = () => (made++, []);
    getOrInsert(map, "a", make).push(1);
    getOrInsert(map, "a", make).push(2);
    getOrInsert(map, "b", make).push(3);
    expect([...map.entries()]).toEqual([["a", [1, 2]], ["b", [3]]]);
    expect(made).toBe(2);
  });
});
