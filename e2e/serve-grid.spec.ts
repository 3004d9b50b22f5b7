import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { expandDefinition, parseDefinition } from "../lib/experiments/definitions/definition";

const definitionFile = path.resolve("experiments/default.json");
const total = expandDefinition(parseDefinition(fs.readFileSync(definitionFile, "utf8"), definitionFile)).length;

// The web server of these tests is `pushlab serve` on a fresh workspace: it answered at once and ran
// the grid behind the app; Playwright waited for /api/status to say it was done.
test("the grid ran behind the app through the run queue: status is ready, the run is listed as done with every experiment, and no page shows the banner", async ({ page, request }) => {
  const status = await request.get("/api/status");
  expect(status.status()).toBe(200);
  expect(await status.json()).toEqual({ ready: true, grid: null });

  await page.goto("/experiments");
  const grid = page.locator('[data-testid="run"][data-key="grid"]');
  await expect(grid).toHaveAttribute("data-status", "done");
  await expect(grid).toContainText(`experiment grid — done (${total} of ${total})`);
  for (const pagePath of ["/", "/experiments", "/registry"]) {
    await page.goto(pagePath);
    await expect(page.getByTestId("grid-status")).toHaveCount(0);
  }
  await page.goto("/");
  await expect(page.getByTestId("data-section")).toBeVisible();
  await expect(page.getByTestId("data-preparing")).toHaveCount(0);
});
