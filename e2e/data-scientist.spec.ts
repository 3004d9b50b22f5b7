import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";
import { bootstrapIntervals } from "../lib/experiments/comparison/bootstrap";
import { readScores, readValidationContext } from "../lib/experiments/results/results-store";

/*
 * The data scientist's pages, each behaviour the issue asks for: the form's C message, a group
 * checkbox's partial state, a finished run's result where it was asked for, a click on the AP-by-C
 * chart, and compare's absolute figures beside the differences.
 */

test.describe.configure({ mode: "serial" });
// Fits and server actions share two cores with the grid's neighbours: allow them minutes, not seconds.
test.setTimeout(240_000);

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("access-mode")).toHaveText("signed in as admin", { timeout: 60_000 });
}

interface StoredResult {
  id: string;
  validation: { averagePrecision: number };
  intervals: Record<string, { estimate: number; low: number; high: number }>;
}

/** A stored result with its intervals resampled here from its stored scores (the page resamples them where shown). */
function stored(id: string): StoredResult {
  const resultsDir = path.join(E2E_HOME, "results");
  const result = JSON.parse(fs.readFileSync(path.join(resultsDir, `${id}.json`), "utf8")) as StoredResult & { computedFrom: { dataFingerprint: string }; validation: { bestThreshold: number } };
  const context = readValidationContext(resultsDir, result.computedFrom.dataFingerprint)!;
  return { ...result, intervals: bootstrapIntervals(readScores(resultsDir, id)!, context.labels, context.orderIds, result.validation.bestThreshold) };
}

const checkboxState = (page: Page, group: string) =>
  page.getByTestId(`group-${group}`).evaluate((el) => ({ checked: (el as HTMLInputElement).checked, indeterminate: (el as HTMLInputElement).indeterminate }));

test("the new-experiment form: a C that is not a number, a group's partial state, and the finished run's AP in the form and the Runs panel", async ({ page }) => {
  await signIn(page);
  await page.goto("/experiments");
  const form = page.getByTestId("new-experiment-form");
  // Hydrated once the Runs panel has connected to its event stream.
  await expect(page.getByTestId("runs-panel")).toContainText("live");

  await form.getByLabel("Penalty").selectOption("l2");
  await page.getByTestId("C-input").fill("abc");
  await expect(page.getByTestId("field-error")).toHaveText("C must be a number");
  await expect(page.getByTestId("submit-experiment")).toBeDisabled();
  await page.getByTestId("C-input").fill("0.2");
  await expect(page.getByTestId("field-error")).toHaveCount(0);

  // A group with every feature is checked; with some of them it shows the partial state; with none it is clear.
  const history = form.locator("div", { has: page.getByTestId("group-history") }).last();
  const features = history.locator('input[name="features"]');
  const count = await features.count();
  expect(count).toBeGreaterThan(1);
  expect(await checkboxState(page, "history")).toEqual({ checked: true, indeterminate: false });
  await features.first().uncheck();
  expect(await checkboxState(page, "history")).toEqual({ checked: false, indeterminate: true });
  for (let k = 1; k < count; k++) await features.nth(k).uncheck();
  expect(await checkboxState(page, "history")).toEqual({ checked: false, indeterminate: false });
  // Clicking the group box takes the whole group back.
  await page.getByTestId("group-history").check();
  expect(await checkboxState(page, "history")).toEqual({ checked: true, indeterminate: false });
  for (let k = 0; k < count; k++) await expect(features.nth(k)).toBeChecked();
  // Leave one feature out, so the run is a new experiment (its id names the selection).
  await features.first().uncheck();
  expect((await checkboxState(page, "history")).indeterminate).toBe(true);
  const id = (await form.locator("span.font-mono").textContent())!.trim();
  expect(id).toMatch(/^lr-none-l2-C2e-1-/);
  expect(fs.existsSync(path.join(E2E_HOME, "results", `${id}.json`))).toBe(false);

  await page.getByTestId("submit-experiment").click();
  await expect(page.getByTestId("submit-status")).toContainText(`Queued ${id}`);
  const run = page.locator(`[data-testid="run"][data-key="${id}"]`);
  await expect(run).toHaveAttribute("data-status", "done", { timeout: 120_000 });

  // The result where it was asked for, equal to the stored one: in the form and in the Runs panel, each with a link.
  const ap = stored(id).validation.averagePrecision.toFixed(4);
  await expect(page.getByTestId("submit-result")).toContainText(`Done: validation average precision ${ap}.`);
  await expect(page.getByTestId("submit-result-link")).toHaveAttribute("href", `/experiments/${id}`);
  await expect(run.getByTestId("run-result-ap")).toHaveText(` — validation AP ${ap}`);
  await page.getByTestId("submit-result-link").click();
  await expect(page.getByRole("heading", { name: id })).toBeVisible();
});

test("the AP-by-C chart uses the full width, labels every encoding, and a click on a point opens that experiment", async ({ page }) => {
  await page.goto("/experiments");
  const chart = page.getByTestId("ap-by-c-chart");
  const svg = chart.locator('svg[aria-label^="Validation average precision by C"]');
  await expect(svg).toBeVisible();
  // The server draws the chart at the page's content width; the browser redraws it when its container is
  // not that wide. Poll until the drawn one spans its container.
  await expect.poll(() => chart.evaluate((el) => el.querySelector('svg[aria-label^="Validation average precision by C"]')!.getBoundingClientRect().width - el.clientWidth)).toBeGreaterThanOrEqual(-2);

  // Every encoding in the grid's unweighted fits has its own colour and an end label.
  const encodings = new Set<string>();
  for (const name of fs.readdirSync(path.join(E2E_HOME, "results")).filter((n) => /^lr-.*\.json$/.test(n))) {
    const { spec } = JSON.parse(fs.readFileSync(path.join(E2E_HOME, "results", name), "utf8"));
    if (spec.penalty !== "none" && spec.classWeight === "none" && !spec.features) encodings.add(spec.encoding);
  }
  expect(encodings.size).toBeGreaterThan(1);
  const endLabels = new Set(await chart.locator('g[aria-label="text"] text').allTextContents());
  for (const e of encodings) expect(endLabels, `end label of ${e}`).toContain(e);
  // No label lies on another: end labels and the baselines' labels are moved apart together.
  const labelBoxes = await chart.locator('g[aria-label="text"] text').evaluateAll((texts) =>
    texts.map((t) => ({ text: t.textContent, ...JSON.parse(JSON.stringify(t.getBoundingClientRect())) as { x: number; y: number; width: number; height: number } })),
  );
  expect(labelBoxes.map((b) => b.text)).toEqual(expect.arrayContaining(["popularity", "past-purchase"]));
  for (let i = 0; i < labelBoxes.length; i++) {
    for (let j = i + 1; j < labelBoxes.length; j++) {
      const [a, b] = [labelBoxes[i], labelBoxes[j]];
      const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
      expect(overlap, `labels "${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
  const strokes = new Set(await chart.locator('g[aria-label="line"] path').evaluateAll((paths) => paths.map((p) => p.getAttribute("stroke"))));
  expect(strokes.size).toBe(encodings.size);

  // Hover a point: the tip names its experiment and AP (the stored one); a click opens it. The chart
  // listens for the pointer once the page is hydrated (it then draws the figure live, with its tips).
  await expect(chart).toHaveAttribute("data-plot", /^(static|live)$/);
  const dot = chart.locator('g[aria-label="dot"] path').nth(3);
  await dot.scrollIntoViewIfNeeded();
  const box = (await dot.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = chart.locator('[aria-label="tip"]');
  await expect(tip).toContainText("click to open");
  // (Plot starts each tip line with a zero-width space.)
  const lines = (await tip.locator("tspan").allTextContents()).map((l) => l.replace(/\u200b/g, ""));
  // The tip wraps a long id over several lines: the id is everything before "C = ".
  const id = lines.slice(0, lines.findIndex((l) => l.startsWith("C = "))).join("");
  expect(id).toMatch(/^lr-/);
  expect(lines).toContain(`AP = ${stored(id).validation.averagePrecision.toFixed(4)}`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page).toHaveURL(new RegExp(`/experiments/${id}$`));
  await expect(page.getByRole("heading", { name: id })).toBeVisible();
});

test("compare shows each experiment's own figures with intervals beside the differences, and links back to each", async ({ page }) => {
  const ids = ["lr-none-l2-C1e-2-unweighted", "lr-onehot-l2-C1e-2-unweighted", "baseline-global_popularity"];
  await page.goto(`/compare?ids=${ids.join(",")}`);
  const rows = page.getByTestId("absolute-row");
  await expect(rows).toHaveCount(ids.length);
  for (const [k, id] of ids.entries()) {
    const row = rows.nth(k);
    await expect(row.getByRole("link", { name: id, exact: true })).toHaveAttribute("href", `/experiments/${id}`);
    const ap = stored(id).intervals.averagePrecision;
    // The AP column: the estimate and its interval, as stored.
    await expect(row.locator("td").first()).toHaveText(`${ap.estimate.toFixed(4)}[${ap.low.toFixed(4)}, ${ap.high.toFixed(4)}]`);
  }
  await expect(rows.first()).toContainText("reference");
  // Each difference is the two absolute figures' difference (to the shown 4 decimals).
  const reference = stored(ids[0]).intervals.averagePrecision.estimate;
  const diffs = page.getByTestId("diff-row");
  await expect(diffs).toHaveCount(ids.length - 1);
  for (const [k, id] of ids.slice(1).entries()) {
    const shown = Number((await diffs.nth(k).locator("td").first().locator("div").first().textContent())!.replace("+", ""));
    expect(Math.abs(shown - (stored(id).intervals.averagePrecision.estimate - reference))).toBeLessThanOrEqual(1e-4);
    await expect(diffs.nth(k).getByRole("link", { name: id, exact: true })).toHaveAttribute("href", `/experiments/${id}`);
  }
  // The reference can be changed, and the table follows.
  await page.getByLabel("Reference").selectOption(ids[1]);
  await page.getByRole("button", { name: "Use as reference" }).click();
  await expect(page).toHaveURL(/ref=lr-onehot-l2-C1e-2-unweighted/);
  await expect(rows.nth(1)).toContainText("reference");
  await page.getByRole("link", { name: ids[1], exact: true }).first().click();
  await expect(page.getByRole("heading", { name: ids[1] })).toBeVisible();
});
