import { parseHTML } from "linkedom";
import { SERVER_PLOT, type PlotBuild, type PlotModule, type ServerPlot } from "./plot-build";

let serverPlotModule: PlotModule | null = null;

/**
 * Draws a chart's build function into a linkedom document and returns the figure's HTML: the same
 * Plot code the browser runs, so the server's figure is the one the browser draws at that width on a
 * high-density screen. (Where `devicePixelRatio` is 1, Plot moves marks half a pixel to keep 1 px lines
 * crisp; it decides when its module loads, from `window`, so the server draws without that offset.)
 */
export const renderPlotHtml: ServerPlot = (build: PlotBuild, width: number) => {
  const Plot = serverPlotModule;
  if (!Plot) throw new Error("installServerPlot() has not run");
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as { document: Document };
  const plot: PlotModule["plot"] = (options) => Plot.plot({ ...options, document });
  const figure = build({ ...Plot, plot }, width, document);
  return figure ? figure.outerHTML : "";
};

/** Makes server rendering of the charts (components/charts/use-plot.ts) draw their figures into the HTML. */
export async function installServerPlot(): Promise<void> {
  serverPlotModule ??= await import("./plot-marks");
  (globalThis as { [SERVER_PLOT]?: ServerPlot })[SERVER_PLOT] = renderPlotHtml;
}
