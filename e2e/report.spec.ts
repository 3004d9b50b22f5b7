import { expect, test } from "@playwright/test";
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
  await signIn(page);
  await page.goto("/experiments/lr-none-l2-C1e-6-unweighted");
  await page.getByRole("button", { name: "Select as model" }).click();
  await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  const version = (await page.getByTestId("select-model-status").textContent())!.match(/v_\d{8}_\d{6}(_\d+)?/)![0];

  await page.goto("/");
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
  await page.goto("/");
  await expect(page.getByTestId("selected-version")).toHaveText(next);
  await expect(page.getByTestId("report-selected")).toContainText("lr-onehot-l2-C1e-2-unweighted");
});

test("the budget slider updates the numbers and the targeting preview lists customers for a product", async ({ page }) => {
  await page.goto("/");
  // Charts are drawn in effects, so a visible chart means the page is hydrated and inputs are live.
  await expect(page.getByTestId("budget-chart").locator("svg").first()).toBeVisible();
  const perDay = page.getByTestId("budget-per-day");
  const precision = page.getByTestId("budget-model-precision");
  const reach = page.getByTestId("budget-model-reach");
  const before = [await perDay.textContent(), await reach.textContent()];
  const slider = page.getByTestId("budget-slider");
  await slider.fill("200"); // the largest budget: push to everyone
  await expect(perDay).not.toHaveText(before[0]!);
  await expect(reach).not.toHaveText(before[1]!);
  await expect(reach).toContainText("(100.0%)");
  await slider.fill("0");
  await expect(perDay).toHaveText("1");
  await expect(precision).toHaveText(/%$/);

  const select = page.getByTestId("targeting-select");
  const options = await select.locator("option").allTextContents();
  await select.selectOption(options[1]);
  await expect(page.getByTestId("targeting-table").locator("tbody tr")).not.toHaveCount(0);
  await expect(page.getByTestId("targeting-summary")).toContainText(options[1]);
  const probabilities = (await page.locator('[data-testid="targeting-table"] tbody td:nth-child(4)').allTextContents()).map((t) => Number(t.replace("%", "")));
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
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
