import net from "node:net";
import { describe, expect, it } from "vitest";
import { startBuildStatusServer } from "../../scripts/cli/build-status-server";

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("the build status server", () => {
  it("answers every path with the page that says what runs, /api/status with 503 and ready: false, then frees the port", async () => {
    const port = await freePort();
    const server = await startBuildStatusServer(port, "127.0.0.1", { stage: "building the app (next build)", startedAt: Date.now() - 42_000 });
    try {
      for (const pathname of ["/", "/registry", "/experiments/x", "/../package.json", "/.next/BUILD_ID"]) {
        const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
        expect(response.status, pathname).toBe(503);
        expect(response.headers.get("content-type")).toContain("text/html");
        const body = await response.text();
        expect(body).toMatch(/Now: building the app \(next build\) — 4[2-4] s so far/);
        expect(body).not.toContain('"name": "pushlab"');
      }
      const status = await fetch(`http://127.0.0.1:${port}/api/status`);
      expect(status.status).toBe(503);
      expect(status.headers.get("retry-after")).toBe("5");
      const body = await status.json();
      expect(body).toMatchObject({ ready: false, building: true, stage: "building the app (next build)" });
      expect(body.elapsedSeconds).toBeGreaterThanOrEqual(42);
    } finally {
      await server.close();
    }
    // The port is free again for next start.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.listen(port, "127.0.0.1", () => resolve());
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it("rejects when the port is taken, so serve can say so in one line", async () => {
    const port = await freePort();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", () => resolve()));
    try {
      await expect(startBuildStatusServer(port, "127.0.0.1", { stage: "x", startedAt: Date.now() })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
