import { expect, test } from "@playwright/test";
import { gotoReport } from "./fixtures";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";

test.describe.configure({ mode: "serial" });

async function signIn(page: import("@playwright/test").Page) {
  await page.goto("/login");
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("access-mode")).toHaveText("signed in as admin");
}

test("every section of the report renders, bound to the selected model; the numbers follow a new selection", async ({ page }) => {
  page.on("dialog", (dialog) => dialog.accept()); // "Select as model" asks for confirmation
  await signIn(page);
  await page.goto("/experiments/lr-none-l2-C1e-6-unweighted");
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  const version = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];

  await gotoReport(page);
  for (const id of ["data-section", "report-tried", "report-findings", "report-selected", "report-budget", "report-stability", "report-targeting", "report-next"]) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByTestId("selected-version")).toHaveText(version);
  await expect(page.getByTestId("report-stamp")).toContainText(version);
  await expect(page.getByTestId("findings").locator("li")).not.toHaveCount(0);
  await expect(page.getByTestId("finding-best-vs-baseline")).toContainText(/average precision of \d\.\d{3}/);
  await expect(page.getByTestId("stability-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("budget-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("drivers").locator("li")).not.toHaveCount(0);
  // The claims: one family sentence, both baselines beside the model, base rate with every weekly AP,
  // the unfiltered validation figures.
  await expect(page.getByTestId("family-sentence")).toContainText(/simultaneous 95% interval \(a bootstrap max-t band over 2,000 resamples/);
  await expect(page.getByTestId("tried-table")).toContainText("Baseline: ordered before, then popularity");
  await expect(page.getByTestId("tried-summary")).not.toContainText("× unweighted and balanced");
  await expect(page.getByTestId("budget-baseline")).toHaveCount(2);
  await expect(page.getByTestId("populations-table")).toContainText("All orders");
  await expect(page.getByTestId("filter-sentence")).toContainText("cannot be applied");
  await expect(page.getByTestId("stability-table").locator("tbody tr")).not.toHaveCount(0);
  await expect(page.getByTestId("stability-table")).toContainText("Base rate");
  // The sentence about the test days is the ledger's: its count of looks is the ledger's count of selections.
  const ledger = fs.readFileSync(path.join(E2E_HOME, "registry", "test-looks.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const looks = ledger.filter((l) => l.kind === "select").length;
  await expect(page.getByTestId("test-days-statement")).toContainText(`(${looks} ${looks === 1 ? "look" : "looks"})`);
  await expect(page.getByTestId("test-days-statement")).not.toContainText("never used");
  await expect(page.getByTestId("selected-metrics")).toContainText(/Test \[95% interval\]/);
  await expect.poll(() => fs.readFileSync(path.join(E2E_HOME, "registry", "test-looks.jsonl"), "utf8").includes('"page":"/"')).toBe(true);

  // Select another model: after a reload the report names it and its figures.
  await page.goto("/experiments/lr-onehot-l2-C1e-2-unweighted");
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  const next = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];
  await gotoReport(page);
  await expect(page.getByTestId("selected-version")).toHaveText(next);
  await expect(page.getByTestId("report-selected")).toContainText("lr-onehot-l2-C1e-2-unweighted");
  await expect(page.getByTestId("test-days-statement")).toContainText(/The test days have been used (twice|\d+ times) \(\d+ looks\).*after the test days had already been seen/);
});

test("the budget slider updates the numbers and the targeting preview lists customers for a product", async ({ page }) => {
  await gotoReport(page);
  // The server draws the chart; the browser marks it (data-plot) once the page is hydrated and inputs are live.
  await expect(page.getByTestId("budget-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("budget-chart")).toHaveAttribute("data-plot", /^(static|live)$/);
  const perDay = page.getByTestId("budget-per-day");
  const precision = page.getByTestId("budget-model-precision");
  const reach = page.getByTestId("budget-model-reach");
  const before = [await perDay.textContent(), await reach.textContent()];
  const slider = page.getByTestId("budget-slider");
  await slider.fill("200"); // the largest budget: push to everyone
  await expect(perDay).not.toHaveText(before[0]!);
  await expect(reach).not.toHaveText(before[1]!);
  await expect(reach).toContainText("(100.0%)");
  // Sending at random to every row reaches every buying customer too: its expected reach is the derived figure, not a dash.
  // (The largest budget is whole pushes per day, so it can leave out the last few rows: within one customer.)
  const buying = Number((await page.getByTestId("budget-model-customers").textContent())!.match(/of ([\d,]+)$/)![1].replace(/,/g, ""));
  await expect(page.getByTestId("budget-random-customers")).toHaveText(/^≈ [\d,]+$/);
  const allRandom = Number((await page.getByTestId("budget-random-customers").textContent())!.replace(/[≈\s,]/g, ""));
  expect(Math.abs(allRandom - buying)).toBeLessThanOrEqual(1);
  await slider.fill("0");
  await expect(perDay).toHaveText("1");
  await expect(precision).toHaveText(/%$/);
  // At one push a day the expected customers reached at random are at most the expected purchases, and both at most the pushes.
  const total = Number((await page.getByTestId("budget-chosen").textContent())!.match(/\(([\d,]+) over the/)![1].replace(/,/g, ""));
  const randomCustomers = Number((await page.getByTestId("budget-random-customers").textContent())!.replace(/[≈\s,]/g, ""));
  const randomPurchases = Number((await page.getByTestId("budget-random-reach").textContent())!.match(/≈ ([\d,]+)/)![1].replace(/,/g, ""));
  expect(randomCustomers).toBeLessThanOrEqual(randomPurchases);
  expect(randomPurchases).toBeLessThanOrEqual(total);
  await expect(page.getByTestId("budget-random-note")).toContainText(`the ${total.toLocaleString("en-US")} pushes go to test rows drawn at random`);

  // The preview opens with the product the model pushes most: who gets the push at the threshold, highest chance first.
  const select = page.getByTestId("targeting-select");
  await expect(page.getByTestId("targeting-table").locator("tbody tr")).not.toHaveCount(0);
  const chosen = await select.locator("option:checked").textContent();
  expect(chosen).not.toBe("Choose a product type…");
  await expect(page.getByTestId("targeting-summary")).toContainText(chosen!);
  const threshold = Number((await page.getByTestId("targeting-threshold").textContent())!.replace("%", ""));
  const probabilities = (await page.locator('[data-testid="targeting-table"] tbody td:nth-child(3)').allTextContents()).map((t) => Number(t.replace("%", "")));
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  for (const p of probabilities) expect(p).toBeGreaterThanOrEqual(threshold - 0.05); // both rounded to 0.1 %
  // Customers by a short label, not their ids, until asked.
  await expect(page.getByTestId("targeting-table").locator("tbody tr").first().locator("td").first()).toHaveText(/^Customer \d+$/);
  await page.getByTestId("targeting-left-out-toggle").check();
  const leftOut = (await page.locator('[data-testid="targeting-left-out"] tbody td:nth-child(3)').allTextContents()).map((t) => Number(t.replace("%", "")));
  for (const p of leftOut) expect(p).toBeLessThanOrEqual(threshold + 0.05);
  // Another product: its list, or a plain statement that nobody reaches the threshold.
  const options = await select.locator("option").allTextContents();
  await select.selectOption({ label: options[1] });
  await expect(page.getByTestId("targeting-summary")).toContainText(options[1]);
  await expect(page.getByTestId("targeting-table").or(page.getByTestId("targeting-empty"))).toBeVisible();
});

test("pushlab report writes a PDF with pages and a static HTML copy", async ({ baseURL }) => {
  const dir = fs.mkdtempSync(path.join(E2E_HOME, "report-"));
  const pdf = path.join(dir, "report.pdf");
  const html = path.join(dir, "report.html");
  const out = execFileSync(process.execPath, ["bin/pushlab.mjs", "report", "--pdf", pdf, "--html", html, "--url", baseURL!], {
    env: { ...process.env, PUSHLAB_HOME: E2E_HOME },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(out).toContain("wrote");
  const bytes = fs.readFileSync(pdf);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const pages = bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBeGreaterThan(2);
  const text = fs.readFileSync(html, "utf8");
  expect(text).toContain("The question and the data");
  expect(text).toContain("<svg");
  expect(text).not.toContain("<script");
});

test("while the report's intervals are first computed the findings show a status, then fill in without a reload", async ({ page }) => {
  test.setTimeout(420_000);
  // Re-running the popularity baseline gives the report's family new results, so its intervals are not cached.
  execFileSync(process.execPath, ["bin/pushlab.mjs", "run", "--id", "baseline-global_popularity", "--force"], { env: { ...process.env, PUSHLAB_HOME: E2E_HOME }, encoding: "utf8", timeout: 120_000 });
  await page.goto("/");
  const status = page.getByTestId("family-status");
  await expect(status).toBeVisible();
  await expect(status).toContainText(/Computing the simultaneous intervals of the report's \d+ comparisons/);
  await expect(page.getByTestId("findings").locator("li")).toHaveCount(0);
  await expect(page.getByTestId("family-sentence")).toContainText("the findings appear once they are computed");
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await expect(status).toHaveCount(0, { timeout: 300_000 });
  await expect(page.getByTestId("findings").locator("li")).not.toHaveCount(0);
  await expect(page.getByTestId("family-sentence")).toContainText(/simultaneous 95% interval \(a bootstrap max-t band over 2,000 resamples/);
  // Filled in by a refresh of the same document, not a reload.
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  // Cached: the next visit has the findings at once.
  await page.goto("/");
  await expect(page.getByTestId("findings").locator("li")).not.toHaveCount(0);
  await expect(status).toHaveCount(0);
});
