import { defineConfig } from "@playwright/test";
import path from "node:path";

/*
 * Browser tests run Debian's Chromium (no browser download here) against a production build served
 * on a small generated dataset in its own PUSHLAB_HOME, so they never touch the user's workspace.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_HOME = path.resolve(".pushlab-e2e");
export const E2E_ADMIN_TOKEN = "e2e-admin-token";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    // A fresh workspace every run (the web server starts before any globalSetup would run).
    command: `node -e "require('fs').rmSync('${E2E_HOME}', { recursive: true, force: true })" && node bin/pushlab.mjs serve --hostname 127.0.0.1 --port ${PORT}`,
    // serve answers at once and runs the grid behind the app; /api/status is 503 until it is done, so
    // every test sees the complete results.
    url: `http://127.0.0.1:${PORT}/api/status`,
    timeout: 900_000, // the build when stale, then the grid behind the app (minutes on a busy 2-core machine)
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, PUSHLAB_HOME: E2E_HOME, PUSHLAB_SYNTHETIC_ORDERS: "160", PUSHLAB_SYNTHETIC_SEED: "7", PUSHLAB_ADMIN_TOKEN: E2E_ADMIN_TOKEN } as Record<string, string>,
  },
});
