import { expect, test } from "@playwright/test";
import { PREDICT_ROW } from "./fixtures";
import fs from "node:fs";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";
import { MAX_BODY_BYTES, MAX_ROWS_PER_REQUEST } from "../lib/registry/request-limits";

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
  // More rows than the limit is a 400 naming it; a body over the byte cap is a 413 before it is parsed.
  const many = await request.post("/api/predict", { data: { rows: Array.from({ length: MAX_ROWS_PER_REQUEST + 1 }, () => row) } });
  expect(many.status()).toBe(400);
  expect(JSON.stringify(await many.json())).toContain(String(MAX_ROWS_PER_REQUEST));
  const huge = await request.post("/api/predict", { data: { rows: [row], padding: "x".repeat(MAX_BODY_BYTES) } });
  expect(huge.status()).toBe(413);
});

test("the predict API takes CSV strings, needs only the model's columns, echoes ids and reports unseen categories", async ({ request }) => {
  const index = JSON.parse(fs.readFileSync(`${E2E_HOME}/registry/registry.json`, "utf8"));
  const onehot = index.versions.find((v: { experimentId: string }) => v.experimentId === "lr-onehot-l1-C1e-2-unweighted").version;
  const active = await (await request.get("/api/models/active")).json();
  expect(active.experimentId).toBe("lr-none-l2-C1e-2-unweighted");
  const required: string[] = active.signature.inputs.map((i: { name: string }) => i.name);
  expect(required).toContain("created_at");
  expect(required).not.toContain("product_type"); // encoding none reads no category
  expect(required).not.toContain("order_id");

  // The active model: only its columns, every number as the string a CSV row holds, no ids.
  const asStrings = Object.fromEntries(Object.entries(PREDICT_ROW).map(([k, v]) => [k, String(v)]));
  const minimal = Object.fromEntries(required.map((c) => [c, asStrings[c]]));
  const fromStrings = await request.post("/api/predict", { data: { rows: [minimal, asStrings] } });
  expect(fromStrings.status()).toBe(200);
  const scored = (await fromStrings.json()).predictions;
  expect(scored[0]).not.toHaveProperty("order_id");
  expect(scored[1]).toMatchObject({ order_id: PREDICT_ROW.order_id, user_id: PREDICT_ROW.user_id, variant_id: PREDICT_ROW.variant_id });
  const fromNumbers = (await (await request.post("/api/predict", { data: { rows: [PREDICT_ROW] } })).json()).predictions[0];
  expect(scored[0].purchase_probability).toBe(fromNumbers.purchase_probability);
  expect(scored[1].purchase_probability).toBe(fromNumbers.purchase_probability);
  expect(scored[0].unseen_categories).toEqual([]);

  // The one-hot version: categories it has never seen are scored and named per row.
  const onehotModel = JSON.parse(fs.readFileSync(`${E2E_HOME}/registry/${onehot}/model.json`, "utf8"));
  const knownProductType: string = onehotModel.pipeline.encoders.find((e: { column: string }) => e.column === "product_type").categories[0];
  const rows = [{ ...asStrings, product_type: knownProductType }, { ...PREDICT_ROW, product_type: "spaceships" }, { ...minimal, product_type: "spaceships", vendor: "acme-rockets" }];
  const ok = await request.post("/api/predict", { data: { rows, version: onehot } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.version).toBe(onehot);
  expect(body.predictions.map((p: { unseen_categories: string[] }) => p.unseen_categories)).toEqual([["vendor"], ["product_type", "vendor"], ["product_type", "vendor"]]);
  for (const p of body.predictions) expect(p.purchase_probability).toBeGreaterThan(0);
  // The one-hot model reads the categories the other did not: a row without them is refused, naming them.
  const withoutCategories = await request.post("/api/predict", { data: { rows: [asStrings, minimal], version: onehot } });
  expect(withoutCategories.status()).toBe(400);
  expect((await withoutCategories.json()).details).toEqual([
    expect.objectContaining({ row: 1, column: "product_type" }),
    expect.objectContaining({ row: 1, column: "vendor" }),
  ]);

  // Errors stay per row and column for strings too.
  const bad = await request.post("/api/predict", { data: { rows: [asStrings, { ...asStrings, normalised_price: "0,5", order_id: "abc" }] } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).details).toEqual([
    expect.objectContaining({ row: 1, column: "normalised_price" }),
    expect.objectContaining({ row: 1, column: "order_id" }),
  ]);
});

test("/api/openapi.json describes the HTTP API", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/predict", "/api/models/active", "/api/openapi.json"]));
});

test("each version links to its model card page, with the scoring-reports section", async ({ page, request }) => {
  await page.goto("/registry");
  const link = page.getByTestId("version-link").first();
  const version = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/registry/${version}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Model card: ${version}`);
  for (const id of ["model-details", "intended-use", "factors", "metrics", "evaluation-data", "training-data", "quantitative-analyses", "test-looks", "caveats"]) {
    await expect(page.getByTestId(`card-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId("card-metrics").locator("tbody tr").first()).toContainText(/Average precision\s*0\.\d{4}/);
  await expect(page.getByTestId("scoring-reports-section")).toContainText(/No scoring run yet|PSI/);
  expect((await page.goto("/registry/v_20000101_000000"))!.status()).toBe(404);
  expect((await page.goto("/registry/..%2F..%2Fetc"))!.status()).toBe(404);
  const campaign = await request.get("/api/campaign?candidates=../registry/registry&product_type=x&budget=1");
  expect(campaign.status()).toBe(404);
  expect((await request.get("/api/campaign")).status()).toBe(200);
});
