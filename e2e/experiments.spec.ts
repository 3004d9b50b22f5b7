import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { expandDefinition, parseDefinition } from "../lib/experiments/definitions/definition";
import { definitionDirs, loadExperimentSpecs } from "../lib/experiments/definitions/definitions-store";
import { E2E_HOME } from "../playwright.config";

const definitionFile = path.resolve("experiments/default.json");
const expectedIds = expandDefinition(parseDefinition(fs.readFileSync(definitionFile, "utf8"), definitionFile)).map((s) => s.id);

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} ${m.location().url}`));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("the grid lists every experiment of the default definition and sorts by a column", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/experiments");
  const rows = page.getByTestId("experiment-row");
  // The default definition's experiments, and those an earlier browser test saved into the workspace.
  const listed = loadExperimentSpecs(definitionDirs(path.resolve("."), E2E_HOME)).map((s) => s.id);
  expect(listed).toEqual(expect.arrayContaining(expectedIds));
  await expect(rows).toHaveCount(listed.length);
  for (const id of expectedIds.slice(0, 5)) await expect(page.getByRole("link", { name: id, exact: true })).toBeVisible();
  await expect(page.getByTestId("ap-by-c-chart").locator("svg").first()).toBeVisible();

  const apValues = async () => (await page.locator('[data-testid="experiment-row"] td:nth-child(7)').allTextContents()).map(Number);
  const descending = await apValues();
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
  await page.getByRole("button", { name: /^AP/ }).click();
  const ascending = await apValues();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

  await page.getByLabel("Filter by encoding").selectOption("onehot");
  const ids = await page.locator('[data-testid="experiment-row"] th a').allTextContents();
  expect(ids.every((id) => id.startsWith("lr-onehot-") || id.startsWith("baseline-"))).toBe(true);
  expect(errors).toEqual([]);
});

test("an experiment page arrives with its charts drawn, and fetches the chart library only when a chart is used", async ({ page, request }) => {
  const url = "/experiments/lr-none-l2-C1e-2-unweighted";
  // The server draws every chart into the HTML, before any script runs.
  const html = await (await request.get(url)).text();
  for (const label of ["Precision-recall curve", "F0.3, precision and recall against threshold", "ROC curve, area ", "Calibration plot", "Coefficients by feature"]) {
    expect(html, label).toMatch(new RegExp(`<svg[^>]* aria-label="${label}`));
  }
  const errors = collectErrors(page);
  const scripts: string[] = [];
  page.on("response", (response) => response.request().resourceType() === "script" && scripts.push(response.url()));
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  const roc = page.getByTestId("roc-chart");
  await expect(roc).toHaveAttribute("data-plot", "static");
  const loaded = scripts.length;
  // The first pointer on a chart fetches Plot and draws that chart live, with its tips.
  await roc.scrollIntoViewIfNeeded();
  const box = (await roc.locator('svg[aria-label^="ROC curve"]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(roc).toHaveAttribute("data-plot", "live");
  expect(scripts.length).toBeGreaterThan(loaded);
  await expect(roc.locator('svg[aria-label^="ROC curve"]')).toHaveAttribute("width", String(Math.round(box.width)));
  await expect(page.getByTestId("pr-chart")).toHaveAttribute("data-plot", "static");
  expect(errors).toEqual([]);
});

test("an experiment page renders its charts, a tooltip with the threshold, and the slider moves the confusion matrix", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/experiments/lr-none-l2-C1e-2-unweighted");
  await expect(page.getByRole("heading", { name: "lr-none-l2-C1e-2-unweighted" })).toBeVisible();
  for (const chart of ["pr-chart", "f-chart", "roc-chart", "calibration-chart", "coefficients-chart"]) {
    await expect(page.getByTestId(chart).locator("svg").first()).toBeVisible();
  }
  // Hovering the PR curve shows Plot's tip with the threshold at that point (once hydrated: the server's
  // figure has no tips, the first pointer on it draws the live one).
  await expect(page.getByTestId("pr-chart")).toHaveAttribute("data-plot", /^(static|live)$/);
  // Hover the marked operating point, which lies on the curve.
  const point = page.getByTestId("pr-chart").locator("g[aria-label=dot] circle").first();
  await point.scrollIntoViewIfNeeded();
  const box = (await point.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
  await expect(page.getByTestId("pr-chart").locator("[aria-label=tip]")).toContainText(/threshold/);

  const tp = page.getByTestId("cm-tp");
  const before = await tp.textContent();
  const threshold = await page.getByTestId("current-threshold").textContent();
  const slider = page.getByTestId("threshold-slider");
  await slider.focus();
  for (let k = 0; k < 15; k++) await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("current-threshold")).not.toHaveText(threshold!);
  await expect(tp).not.toHaveText(before!);
  // The threshold is in the URL, so the view can be shared.
  const shown = await page.getByTestId("current-threshold").textContent();
  await expect.poll(() => Number(new URL(page.url()).searchParams.get("threshold")).toPrecision(3)).toBe(shown);
  await page.goto(page.url());
  await expect(page.getByTestId("current-threshold")).toHaveText(shown!);
  expect(errors).toEqual([]);
});

test("an unknown experiment id gives a 404 page", async ({ page }) => {
  const response = await page.goto("/experiments/no-such-experiment");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const traversal = await page.goto("/experiments/..%2F..%2Fetc%2Fpasswd");
  expect(traversal?.status()).toBe(404);
});

test("compare shows the curves of two experiments and the paired differences", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/experiments");
  await page.getByLabel("Compare lr-none-l2-C1e-2-unweighted").check();
  await page.getByLabel("Compare baseline-global_popularity").check();
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(/\/compare\?ids=/);
  await expect(page.getByTestId("compare-pr-chart").locator("svg").first()).toBeVisible();
  // One line per experiment in each chart.
  await expect(page.getByTestId("compare-pr-chart").locator("svg g[aria-label=line] path")).toHaveCount(2);
  await expect(page.getByTestId("param-diff-table")).toContainText("kind");
  const diff = page.getByTestId("diff-row");
  await expect(diff).toHaveCount(1);
  await expect(diff).toContainText(/better|worse|not distinguishable/);
  await expect(page.getByTestId("compare-method")).toContainText(/The 5 differences below are judged together: each interval is a simultaneous 95% interval/);
  expect(errors).toEqual([]);
});
