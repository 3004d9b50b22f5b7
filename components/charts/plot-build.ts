/** The part of Observable Plot a chart's build function is given (components/charts/plot-marks.ts). */
export type PlotModule = typeof import("./plot-marks");

/**
 * Draws one chart: `Plot` to draw with, the width the chart is shown at, and the document to create
 * any extra element in (the server draws into a linkedom document, the browser into the page's).
 */
export type PlotBuild = (Plot: PlotModule, width: number, document: Document) => Element | null;

/**
 * Draws a build function's figure to HTML on the server; installed at start-up by server-plot.ts.
 * `deps` are the values the figure is drawn from (the ones the browser redraws on), so a figure drawn
 * before from the same build, width and values is reused.
 */
export type ServerPlot = (build: PlotBuild, width: number, deps: readonly unknown[]) => string;

/** Where the server keeps its ServerPlot: charts are client components, so the server's Plot is not imported by them. */
export const SERVER_PLOT = Symbol.for("pushlab.serverPlot");
