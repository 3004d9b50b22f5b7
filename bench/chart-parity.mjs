// Whether the server's chart figures are the ones the browser draws: for every chart a page shows as
// the server drew it (data-plot="static"), the figure is compared, element by element with attributes
// sorted and tips left out, before and after the browser draws it live.
// Usage: node bench/chart-parity.mjs BASE_URL PATH... (a running `pushlab serve`); DPR=2 for a
// high-density screen (Plot moves marks half a pixel where devicePixelRatio is 1, components/charts/server-plot.ts).
import { chromium } from "@playwright/test";

function canonical(page, html) {
  return page.evaluate((markup) => {
    const box = document.createElement("div");
    box.innerHTML = markup;
    const walk = (node) => {
      if (node.nodeType === 3) return node.textContent;
      if (node.nodeType !== 1 || node.getAttribute("aria-label") === "tip") return "";
      const attributes = [...node.attributes].map((a) => (a.name === "style" ? `style=${node.style.cssText}` : `${a.name}=${a.value}`)).sort();
      return `<${node.tagName.toLowerCase()} ${attributes.join(" ")}>${[...node.childNodes].map(walk).join("")}</>`;
    };
    return [...box.childNodes].map(walk).join("");
  }, html);
}

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const out = [];
try {
  for (const pagePath of paths) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: Number(process.env.DPR ?? 1) });
    await page.goto(new URL(pagePath, base).href, { waitUntil: "networkidle" });
    const charts = await page.evaluate(() => [...document.querySelectorAll("[data-plot=static]")].map((el) => el.getAttribute("data-testid")));
    for (const chart of charts) {
      const box = page.getByTestId(chart);
      const server = await canonical(page, await box.innerHTML());
      await box.evaluate((el) => el.dispatchEvent(new FocusEvent("focusin")));
      await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-plot") === "live", chart);
      const browserDrawn = await canonical(page, await box.innerHTML());
      let k = 0;
      while (k < server.length && server[k] === browserDrawn[k]) k++;
      out.push({ path: pagePath, chart, identical: server === browserDrawn, ...(server === browserDrawn ? {} : { firstDifference: [server.slice(k, k + 80), browserDrawn.slice(k, k + 80)] }) });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out, null, 2));
