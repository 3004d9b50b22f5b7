/** One valid feature-frame row as the predict API takes it (no outcome), shared by the e2e specs. */
export const PREDICT_ROW = {
  variant_id: 33826472919172, product_type: "ricepastapulses", order_id: 2807985930372, user_id: 3482464092292,
  created_at: "2021-02-25 10:00:00", order_date: "2021-02-25 00:00:00", user_order_seq: 3, ordered_before: 1, abandoned_before: 0,
  active_snoozed: 0, set_as_regular: 0, normalised_price: 0.08, discount_pct: 0.1, vendor: "never-seen-vendor", global_popularity: 0.02,
  count_adults: 2, count_children: 0, count_babies: 0, count_pets: 0, people_ex_baby: 2, days_since_purchase_variant_id: 33,
  avg_days_to_buy_variant_id: 42, std_days_to_buy_variant_id: 31, days_since_purchase_product_type: 30, avg_days_to_buy_product_type: 30,
  std_days_to_buy_product_type: 24,
};

/**
 * Opens the report and waits until its simultaneous intervals are in: the first render for a new set
 * of results (or a new active model) shows a status while they are computed behind the app, then the
 * page fills in by itself.
 */
export async function gotoReport(page: import("@playwright/test").Page): Promise<void> {
  const { expect, test } = await import("@playwright/test");
  // Computing the intervals takes a minute or more on a busy 2-core machine: this test gets that time on top.
  test.info().setTimeout(test.info().timeout + 300_000);
  await page.goto("/");
  await expect(page.getByTestId("family-status")).toHaveCount(0, { timeout: 300_000 });
}
