import { createHash } from "node:crypto";
import { parseHTML } from "linkedom";
import { SERVER_PLOT, type PlotBuild, type PlotModule, type ServerPlot } from "./plot-build";

let serverPlotModule: PlotModule | null = null;

/** Figures drawn lately, by build, width and values: a page's charts change only when its results do. */
const drawn = new Map<string, string>();
const DRAWN_KEPT = 200;

/**
 * Draws a chart's build function into a linkedom document and returns the figure's HTML: the same
 * Plot code the browser runs, so the server's figure is the one the browser draws at that width on a
 * high-density screen. (Where `devicePixelRatio` is 1, Plot moves marks half a pixel to keep 1 px lines
 * crisp; it decides when its module loads, from `window`, so the server draws without that offset.)
 */
export const renderPlotHtml: ServerPlot = (build: PlotBuild, width: number, deps: readonly unknown[]) => {
  const key = createHash("sha256")
    .update(`${width}\n${build.toString()}\n`)
    .update(JSON.stringify(deps, (_key, v: unknown) => (v instanceof Set || v instanceof Map ? [...v] : v)) ?? "")
    .digest("base64");
  const cached = drawn.get(key);
  if (cached !== undefined) {
    // Most recently used last, so the oldest is the first to go.
    drawn.delete(key);
    drawn.set(key, cached);
    return cached;
  }
  const Plot = serverPlotModule;
  if (!Plot) throw new Error("installServerPlot() has not run");
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as { document: Document };
  const plot: PlotModule["plot"] = (options) => Plot.plot({ ...options, document });
  const figure = build({ ...Plot, plot }, width, document);
  const html = figure ? figure.outerHTML : "";
  drawn.set(key, html);
  if (drawn.size > DRAWN_KEPT) drawn.delete(drawn.keys().next().value!);
  return html;
};

/** Makes server rendering of the charts (components/charts/use-plot.ts) draw their figures into the HTML. */
export async function installServerPlot(): Promise<void> {
  serverPlotModule ??= await import("./plot-marks");
  (globalThis as { [SERVER_PLOT]?: ServerPlot })[SERVER_PLOT] = renderPlotHtml;
}
