import { expect, test } from "@playwright/test";

test("the report opens on the data section with the summary and the orders-per-day chart", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto("/");
  const section = page.getByTestId("data-section");
  await expect(section.getByRole("heading", { name: /the question and the data/i })).toBeVisible();
  await expect(section.getByText(/feature_frame_synthetic\.csv/)).toBeVisible();

  const stats = page.getByTestId("data-stats");
  await expect(stats.getByText("Rows", { exact: true })).toBeVisible();
  const splitRows = page.getByTestId("split-table").locator("tbody tr");
  await expect(splitRows).toHaveCount(3);
  await expect(splitRows.nth(0)).toContainText(/train/i);

  // The chart is drawn by Observable Plot (on the server into the HTML): an SVG with one bar per day and split.
  const chart = page.getByTestId("orders-per-day-chart");
  await expect(chart.locator("svg").first()).toBeVisible();
  expect(await chart.locator("svg rect").count()).toBeGreaterThan(10);

  await page.getByText("Every column of the feature frame").click();
  await expect(page.getByTestId("column-table").locator("tbody tr")).toHaveCount(27);
  expect(errors).toEqual([]);
});
