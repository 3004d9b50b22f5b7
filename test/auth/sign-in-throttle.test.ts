import { describe, expect, it } from "vitest";
import { clientKey, MAX_DELAY_SECONDS, SignInThrottle } from "../../lib/auth/sign-in-throttle";

describe("SignInThrottle", () => {
  it("lets a client fail 3 times freely, then doubles its wait: 1 s, 2 s, 4 s", () => {
    const throttle = new SignInThrottle(3, 100);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => throttle.failure("a", t0))).toEqual([0, 0, 0]);
    expect(throttle.failure("a", t0)).toBe(1);
    expect(throttle.failure("a", t0)).toBe(2);
    expect(throttle.failure("a", t0)).toBe(4);
    expect(throttle.waitSeconds("a", t0 + 1500)).toBe(3); // 2.5 s left, rounded up
    expect(throttle.waitSeconds("a", t0 + 4000)).toBe(0);
    expect(throttle.waitSeconds("b", t0)).toBe(0);
  });

  it("caps the wait at 15 minutes", () => {
    const throttle = new SignInThrottle(0, 1000);
    let wait = 0;
    for (let k = 0; k < 40; k++) wait = throttle.failure("a", 0);
    expect(wait).toBe(MAX_DELAY_SECONDS);
    expect(MAX_DELAY_SECONDS).toBe(900);
  });

  it("forgets a client on success", () => {
    const throttle = new SignInThrottle(1, 100);
    throttle.failure("a", 0);
    expect(throttle.failure("a", 0)).toBe(1);
    throttle.success("a");
    expect(throttle.waitSeconds("a", 0)).toBe(0);
    expect(throttle.failure("a", 0)).toBe(0);
  });

  it("makes every client wait once all clients together failed too often", () => {
    const throttle = new SignInThrottle(3, 4);
    const t0 = 5000;
    for (const client of ["a", "b", "c", "d"]) expect(throttle.failure(client, t0)).toBe(0);
    // The fifth failure overall, from a fifth address: the global limit applies to everybody.
    expect(throttle.failure("e", t0)).toBe(1);
    expect(throttle.waitSeconds("never-failed", t0)).toBe(1);
    throttle.failure("f", t0);
    expect(throttle.waitSeconds("never-failed", t0)).toBe(2);
  });
});

describe("clientKey", () => {
  it("takes the first X-Forwarded-For address, trimmed and at most 64 characters", () => {
    expect(clientKey("203.0.113.7, 10.0.0.1")).toBe("203.0.113.7");
    expect(clientKey("  ::1 ")).toBe("::1");
    expect(clientKey("x".repeat(100))).toHaveLength(64);
    expect(clientKey(null)).toBe("unknown");
    expect(clientKey(" , 1.2.3.4")).toBe("unknown");
  });
});
