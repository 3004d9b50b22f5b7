"use client";

import { useEffect, useRef } from "react";

type PlotModule = typeof import("@observablehq/plot");

let plotModule: Promise<PlotModule> | null = null;

/** Observable Plot, fetched once after the page is interactive: it is most of a chart page's JavaScript (bench/README.md). */
function loadPlot(): Promise<PlotModule> {
  return (plotModule ??= import("@observablehq/plot"));
}

/**
 * Mounts an Observable Plot figure built by `build` into the returned ref, rebuilding when `deps`
 * change. Plot needs a live DOM for its tooltips, so charts render on the client; the module is
 * loaded on demand, so it is not part of the JavaScript a page needs to become interactive.
 */
export function usePlot<T extends HTMLElement = HTMLDivElement>(build: (Plot: PlotModule) => Element | null, deps: readonly unknown[]) {
  const ref = useRef<T>(null);
  useEffect(() => {
    let cancelled = false;
    let figure: Element | null = null;
    void loadPlot().then((Plot) => {
      const container = ref.current;
      if (cancelled || !container) return;
      figure = build(Plot);
      if (figure) container.replaceChildren(figure);
    });
    return () => {
      cancelled = true;
      figure?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}
