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
  // The slider's threshold is the one selected, and the confirmation names it; dismissing it sends nothing.
  await expect(page.getByTestId("threshold-explorer").locator("svg").first()).toBeVisible();
  const slider = page.getByTestId("threshold-slider");
  await slider.focus();
  for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
  const shown = (await page.getByTestId("current-threshold").textContent())!;
  await expect(page.getByTestId("select-threshold")).toHaveText(shown);
  const dismissed = page.waitForEvent("dialog");
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: "Select as model" }).click();
  expect((await dismissed).message()).toContain(`at threshold ${shown}`);
  await page.waitForTimeout(500);
  expect(fs.existsSync(`${E2E_HOME}/registry/registry.json`) ? JSON.parse(fs.readFileSync(`${E2E_HOME}/registry/registry.json`, "utf8")).versions : []).toHaveLength(0);
  await expect(page.getByTestId("select-model-status")).toHaveText("");
  page.on("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_\d{8}_\d{6}/, { timeout: 60_000 });
  const first = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];
  const firstMetadata = JSON.parse(fs.readFileSync(`${E2E_HOME}/registry/${first}/metadata.json`, "utf8"));
  expect(firstMetadata.threshold.toPrecision(3)).toBe(shown);
  expect(firstMetadata.thresholdSource).toBe("explicit");

  await page.goto("/experiments/lr-onehot-l1-C1e-2-unweighted");
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  const second = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];
  expect(second).not.toBe(first);

  await page.goto("/registry");
  const activeRow = page.locator('[data-testid="version-row"][data-active="true"]');
  await expect(activeRow).toContainText(second);
  await expect(page.getByTestId("versions-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("history").locator("li")).toHaveCount(2);

  // The newest version is active, so no row offers to roll "back" to a newer one.
  await expect(page.getByRole("button", { name: "Activate this newer version" })).toHaveCount(0);
  page.removeAllListeners("dialog");
  const rollbackDialog = page.waitForEvent("dialog");
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByTestId(`activate-${first}`).getByRole("button", { name: "Roll back to this" }).click();
  expect((await rollbackDialog).message()).toContain(`Roll back to ${first}`);
  await page.waitForTimeout(500);
  await expect(activeRow).toContainText(second);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId(`activate-${first}`).getByRole("button", { name: "Roll back to this" }).click();
  // The page says what happened and shows the rolled-back version active.
  await expect(page.getByTestId("activated-message")).toContainText(`${first} (lr-none-l2-C1e-2-unweighted) is now the active model`);
  await expect(activeRow).toContainText(first);
  // The version newer than the active one offers activation, never "Roll back to this".
  await expect(page.getByTestId(`activate-${second}`).getByRole("button", { name: "Activate this newer version" })).toBeVisible();
  await expect(page.getByTestId(`activate-${second}`).getByRole("button", { name: "Roll back to this" })).toHaveCount(0);
  await page.reload();
  await expect(activeRow).toContainText(first);
  await expect(page.getByTestId("history").locator("li").first()).toContainText("rollback");

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
