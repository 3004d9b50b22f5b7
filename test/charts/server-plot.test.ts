import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { parseHTML } from "linkedom";
import { SERVER_PLOT, type PlotBuild } from "@/components/charts/plot-build";
import { installServerPlot, renderPlotHtml } from "@/components/charts/server-plot";
import { ROOT, staticImportClosure } from "../helpers/import-closure";

const points = [
  { x: 0, y: 0.1, group: "a" },
  { x: 1, y: 0.4, group: "a" },
  { x: 0, y: 0.2, group: "b" },
  { x: 1, y: 0.9, group: "b" },
];

function parse(html: string): Document {
  return (parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`) as unknown as { document: Document }).document;
}

describe("charts drawn on the server", () => {
  beforeAll(() => installServerPlot());

  it("draws the build's figure at the given width, with its marks, legend and label", () => {
    const build: PlotBuild = (Plot, width) =>
      Plot.plot({
        width: Math.min(520, width),
        height: 300,
        color: { legend: true, domain: ["a", "b"] },
        marks: [Plot.line(points, { x: "x", y: "y", stroke: "group" }), Plot.tip(points, Plot.pointer({ x: "x", y: "y" }))],
        ariaLabel: "Two lines",
      });
    const document = parse(renderPlotHtml(build, 480, [points]));
    const svg = document.querySelector('svg[aria-label="Two lines"]')!;
    expect(svg.getAttribute("width")).toBe("480");
    expect(svg.getAttribute("viewBox")).toBe("0 0 480 300");
    expect(document.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2);
    // The legend's swatches name both groups; the tip draws nothing until a pointer is on the chart.
    expect([...document.querySelectorAll("span")].map((s) => s.textContent?.trim())).toEqual(expect.arrayContaining(["a", "b"]));
    expect(document.querySelector('g[aria-label="tip"]')?.children.length ?? 0).toBe(0);
    // Drawn at the chart's own maximum when the width is larger.
    expect(parse(renderPlotHtml(build, 900, [points])).querySelector('svg[aria-label="Two lines"]')!.getAttribute("width")).toBe("520");
  });

  it("gives the build the document it draws into, for figures made of several plots", () => {
    const html = renderPlotHtml((Plot, width, document) => {
      const box = document.createElement("div");
      for (const label of ["first", "second"]) box.appendChild(Plot.plot({ width, height: 100, marks: [Plot.dot(points, { x: "x", y: "y" })], ariaLabel: label }));
      return box;
    }, 300, [points]);
    const document = parse(html);
    expect([...document.querySelectorAll("svg[aria-label]")].map((s) => s.getAttribute("aria-label"))).toEqual(["first", "second"]);
    expect(document.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(8);
  });

  it("draws a figure once for the same build, width and values, again when one of them changes", () => {
    let draws = 0;
    const chart = (data: { x: number; y: number }[], label: string) =>
      renderPlotHtml((Plot, width) => {
        draws++;
        return Plot.plot({ width, height: 100, marks: [Plot.dot(data, { x: "x", y: "y" })], ariaLabel: label });
      }, 300, [data, label, new Set([label])]);
    const first = chart(points, "cached");
    expect(chart(points.map((p) => ({ ...p })), "cached")).toBe(first); // equal values in new arrays, as a new request brings
    expect(draws).toBe(1);
    const moved = chart([...points.slice(1), { x: 2, y: 0.5 }], "cached");
    expect(draws).toBe(2);
    expect(moved).not.toBe(first);
    expect(parse(chart(points, "other label")).querySelector("svg")!.getAttribute("aria-label")).toBe("other label");
    expect(draws).toBe(3);
  });

  it("draws nothing for a build without a figure, and installs itself where the charts look for it", async () => {
    expect(renderPlotHtml(() => null, 500, [])).toBe("");
    const globals = globalThis as { [SERVER_PLOT]?: unknown };
    delete globals[SERVER_PLOT];
    await installServerPlot();
    expect(globals[SERVER_PLOT]).toBe(renderPlotHtml);
  });
});

describe("chart modules the browser loads with a page", () => {
  const charts = fs
    .readdirSync(path.join(ROOT, "components"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".tsx") && fs.readFileSync(path.join(ROOT, "components", f), "utf8").includes("usePlot("));

  it("import neither Observable Plot nor linkedom: Plot is fetched when a chart is drawn in the browser", () => {
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const chart of charts) {
      const { files, packages } = staticImportClosure(path.join(ROOT, "components", chart));
      expect([...files].map((f) => path.relative(ROOT, f)), chart).toContain("components/charts/use-plot.ts");
      expect([...packages], chart).not.toContain("@observablehq/plot");
      expect([...packages], chart).not.toContain("linkedom");
    }
  });

  it("the walk sees Plot where it is imported statically (it would catch a regression)", () => {
    expect([...staticImportClosure(path.join(ROOT, "components/charts/plot-marks.ts")).packages]).toEqual(["@observablehq/plot"]);
    expect([...staticImportClosure(path.join(ROOT, "components/charts/server-plot.ts")).packages].filter((p) => !p.startsWith("node:"))).toEqual(["linkedom"]);
  });
});
