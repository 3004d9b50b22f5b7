/*
 * The part of Observable Plot the charts use, as named exports: loaded on demand by use-plot.ts, and
 * small enough to tree-shake (a dynamic import of the package itself keeps every mark and transform).
 */
export { areaY, barX, dot, line, plot, pointer, pointerX, pointerY, rectY, ruleX, ruleY, selectLast, text, tip } from "@observablehq/plot";
