import { describe, expect, it } from "vitest";
import { CLOSED_DAY, PERIOD_DAYS, PERIOD_START_SECONDS, SECONDS_PER_DAY, dayIndex, formatDate, orderTimes } from "../../../lib/data/synthetic/calendar";
import { Random } from "../../../lib/data/synthetic/random";

describe("the synthetic calendar", () => {
  it("starts on 2020-10-05 and is closed on Christmas Day", () => {
    expect(new Date(PERIOD_START_SECONDS * 1000).toISOString()).toBe("2020-10-05T00:00:00.000Z");
    expect(new Date((PERIOD_START_SECONDS + CLOSED_DAY * SECONDS_PER_DAY) * 1000).toISOString().slice(0, 10)).toBe("2020-12-25");
    expect(new Date((PERIOD_START_SECONDS + (PERIOD_DAYS - 1) * SECONDS_PER_DAY) * 1000).toISOString().slice(0, 10)).toBe("2021-03-03");
  });

  it("numbers days from the start and formats a timestamp's day", () => {
    expect(dayIndex(PERIOD_START_SECONDS)).toBe(0);
    expect(dayIndex(PERIOD_START_SECONDS + SECONDS_PER_DAY - 1)).toBe(0);
    expect(dayIndex(PERIOD_START_SECONDS + SECONDS_PER_DAY)).toBe(1);
    expect(dayIndex(PERIOD_START_SECONDS - 1)).toBe(-1);
    expect(formatDate(PERIOD_START_SECONDS + 16 * 3600 + 46 * 60 + 19)).toBe("2020-10-05 00:00:00");
  });

  it("places orders at unique, increasing times inside the period, none on the closed day", () => {
    const times = orderTimes(Random.fromSeed(42), 5000);
    expect(times).toHaveLength(5000);
    for (let k = 1; k < times.length; k++) expect(times[k] > times[k - 1]).toBe(true);
    const days = Array.from(times, dayIndex);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...days)).toBeLessThan(PERIOD_DAYS);
    expect(days.includes(CLOSED_DAY)).toBe(false);
    // Every trading day gets an order at this size (stratified sampling).
    expect(new Set(days).size).toBe(PERIOD_DAYS - 1);
  });

  it("grows the volume over the period: about 70% of orders up to 2021-02-04", () => {
    const times = orderTimes(Random.fromSeed(1), 20_000);
    const feb4 = Date.UTC(2021, 1, 5) / 1000;
    const share = Array.from(times).filter((t) => t < feb4).length / times.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
    // Fewer orders in the small hours than in the evening.
    const hour = (t: number) => Math.floor((t % SECONDS_PER_DAY) / 3600);
    const night = Array.from(times).filter((t) => hour(t) >= 2 && hour(t) < 5).length;
    const evening = Array.from(times).filter((t) => hour(t) >= 18 && hour(t) < 21).length;
    expect(evening).toBeGreaterThan(10 * night);
  });

  it("is fixed by the seed", () => {
    expect(Array.from(orderTimes(Random.fromSeed(9), 100))).toEqual(Array.from(orderTimes(Random.fromSeed(9), 100)));
  });
});
