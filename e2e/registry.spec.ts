import { expect, test } from "@playwright/test";
import { PREDICT_ROW } from "./fixtures";
import fs from "node:fs";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";

test.describe.configure({ mode: "serial" });

test("viewers cannot select; an admin signs in, selects two models and rolls back on /registry", async ({ page }) => {
  await page.goto("/experiments/lr-none-l2-C1e-2-unweighted");
  await expect(page.getByTestId("access-mode")).toHaveText("sign in");
  await expect(page.getByText(/Sign in.*to select this experiment/)).toBeVisible();
  await expect(page.getByTestId("select-model")).toHaveCount(0);

  await page.goto("/login?next=/experiments/lr-none-l2-C1e-2-unweighted");
  await page.getByTestId("token-input").fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That is not the admin token.")).toBeVisible();
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/experiments\/lr-none-l2-C1e-2-unweighted/);
  await expect(page.getByTestId("access-mode")).toHaveText("signed in as admin");

  await page.getByPlaceholder("why this model").fill("e2e first");
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_\d{8}_\d{6}/, { timeout: 60_000 });
  const first = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];

  await page.goto("/experiments/lr-onehot-l1-C1e-2-unweighted");
  // The test days were used once: a second selection is warned about before and after.
  await expect(page.getByTestId("later-look-warning")).toContainText(/already been used once .* Selecting now is look 2/);
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  await expect(page.getByTestId("select-model-status")).toContainText(/test look 2\).*Warning: the test days of this data have now been used twice/);
  const second = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];
  expect(second).not.toBe(first);

  await page.goto("/registry");
  const activeRow = page.locator('[data-testid="version-row"][data-active="true"]');
  await expect(activeRow).toContainText(second);
  await expect(page.getByTestId("versions-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("history").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("test-days-statement")).toContainText(/used twice \(2 looks\).*selected at look 2.*not chosen before them/);
  await expect(page.getByTestId("test-look-row")).toHaveCount(2);
  await expect(page.getByTestId("test-look-row").first()).toContainText("1 (confirmatory)");

  await page.getByTestId(`activate-${first}`).getByRole("button", { name: "Roll back to this" }).click();
  // The page re-renders in place with the rolled-back version active (its button disappears).
  await expect(activeRow).toContainText(first);
  await page.reload();
  await expect(activeRow).toContainText(first);
  await expect(page.getByTestId("history").locator("li").first()).toContainText("rollback");
  await expect(page.getByTestId("test-days-statement")).toContainText(/came from the first look .* made active again after later looks/);

  const index = JSON.parse(fs.readFileSync(`${E2E_HOME}/registry/registry.json`, "utf8"));
  expect(index.active).toBe(first);
});

test("the predict API scores rows with the active model and rejects bad input with details", async ({ request }) => {
  const active = await request.get("/api/models/active");
  expect(active.status()).toBe(200);
  const model = await active.json();
  expect(model.version).toMatch(/^v_/);

  const row = PREDICT_ROW;
  const ok = await request.post("/api/predict", { data: { rows: [row, { ...row, ordered_before: 0 }] } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.version).toBe(model.version);
  expect(body.predictions).toHaveLength(2);
  expect(body.predictions[0].purchase_probability).toBeGreaterThan(body.predictions[1].purchase_probability);
  expect([0, 1]).toContain(body.predictions[0].predicted_purchase);

  const bad = await request.post("/api/predict", { data: { rows: [{ ...row, normalised_price: "cheap", created_at: "yesterday" }] } });
  expect(bad.status()).toBe(400);
  const details = (await bad.json()).details;
  expect(details).toEqual(expect.arrayContaining([expect.objectContaining({ row: 0, column: "normalised_price" }), expect.objectContaining({ row: 0, column: "created_at" })]));
  expect((await request.post("/api/predict", { data: "not json", headers: { "content-type": "application/json" } })).status()).toBe(400);
  expect((await request.post("/api/predict", { data: { rows: [] } })).status()).toBe(400);
  const huge = await request.post("/api/predict", { data: { rows: Array.from({ length: 9000 }, () => row) } });
  expect(huge.status()).toBe(413);
});
