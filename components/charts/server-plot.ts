import { parseHTML } from "linkedom";
import { SERVER_PLOT, type PlotBuild, type PlotModule, type ServerPlot } from "./plot-build";

let serverPlotModule: PlotModule | null = null;

/**
 * Plot as it draws on a standard-density screen. Plot picks, once when its module is evaluated, a
 * half-pixel offset that keeps 1 px lines crisp where `window.devicePixelRatio` is 1 (and none where
 * it is higher, or where there is no window). The server's figure takes the offset, so it is the
 * browser's figure on such a screen and still crisp on a denser one (where it sits half a pixel over).
 */
async function importPlotAsOnAScreen(): Promise<PlotModule> {
  const scope = globalThis as { window?: unknown };
  const shim = scope.window === undefined;
  if (shim) scope.window = { devicePixelRatio: 1 };
  try {
    return await import("./plot-marks");
  } finally {
    if (shim) delete scope.window;
  }
}

/**
 * Draws a chart's build function into a linkedom document and returns the figure's HTML: the same
 * Plot code the browser runs, so the server's figure is the one the browser draws at that width.
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
  serverPlotModule ??= await importPlotAsOnAScreen();
  (globalThis as { [SERVER_PLOT]?: ServerPlot })[SERVER_PLOT] = renderPlotHtml;
}
