import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";

test.describe.configure({ mode: "serial" });

async function signIn(page: Page, next: string) {
  await page.goto(`/login?next=${next}`);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("access-mode")).toHaveText("signed in as admin");
}

const NEW_ID = "lr-none-l2-C5e-2-unweighted";

test("a new experiment from the browser runs in the queue with live progress, then opens; a repeat returns at once", async ({ page }) => {
  await signIn(page, "/experiments");
  await page.goto("/experiments");
  const form = page.getByTestId("new-experiment-form");
  await form.getByLabel("Penalty").selectOption("l2");
  await page.getByTestId("C-input").fill("0.05");
  await expect(form.getByText(NEW_ID)).toBeVisible();
  await page.getByTestId("submit-experiment").click();
  await expect(page.getByTestId("submit-status")).toContainText(`Queued ${NEW_ID}`);
  const run = page.locator(`[data-testid="run"][data-key="${NEW_ID}"]`);
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  // Saved as a definition, so `pushlab run` reproduces it.
  expect(fs.existsSync(path.join(E2E_HOME, "experiments", `${NEW_ID}.json`))).toBe(true);
  await run.getByTestId("run-result-link").click();
  await expect(page.getByRole("heading", { name: NEW_ID })).toBeVisible();
  await expect(page.getByTestId("pr-chart").locator("svg").first()).toBeVisible();

  await page.goto("/experiments");
  await form.getByLabel("Penalty").selectOption("l2");
  await page.getByTestId("C-input").fill("0.05");
  await page.getByTestId("submit-experiment").click();
  await expect(page.getByTestId("submit-status")).toContainText("already has a current result");
  await expect(page.getByTestId("existing-result-link")).toHaveAttribute("href", `/experiments/${NEW_ID}`);
});

test("an invalid C shows the library's validation message and stores nothing", async ({ page }) => {
  await signIn(page, "/experiments");
  await page.goto("/experiments");
  const before = fs.readdirSync(path.join(E2E_HOME, "experiments")).sort();
  await page.getByTestId("new-experiment-form").getByLabel("Penalty").selectOption("l1");
  await page.getByTestId("C-input").fill("-1");
  await expect(page.getByTestId("field-error")).toContainText("C must be a finite number > 0, got -1");
  await expect(page.getByTestId("submit-experiment")).toBeDisabled();
  expect(fs.readdirSync(path.join(E2E_HOME, "experiments")).sort()).toEqual(before);
});

test("the regularization path explorer computes a path, renders it, and its slider updates the curves", async ({ page }) => {
  await signIn(page, "/experiments/path");
  await page.goto("/experiments/path?encoding=none&penalty=l1");
  await page.getByTestId("compute-path").click();
  await expect(page.getByTestId("path-explorer")).toBeVisible({ timeout: 120_000 });
  for (const chart of ["path-coef-chart", "path-metric-chart", "path-curve-chart", "path-nonzero-chart"]) {
    await expect(page.getByTestId(chart).locator("svg").first()).toBeVisible();
  }
  const C = await page.getByTestId("path-C").textContent();
  const curve = await page.getByTestId("path-curve-chart").innerHTML();
  await page.getByTestId("path-slider").fill("29");
  await expect(page.getByTestId("path-C")).not.toHaveText(C!);
  await expect.poll(() => page.getByTestId("path-curve-chart").innerHTML()).not.toBe(curve);
  await page.getByTestId("save-path-point").click();
  await expect(page.getByTestId("save-status")).toContainText(/Queued lr-none-l1-C|already has a result/);
});
