"use client";

import { useEffect, useRef, useState } from "react";

export type PlotModule = typeof import("./plot-marks");

let plotModule: Promise<PlotModule> | null = null;

/** Observable Plot, fetched once after the page is interactive: it is most of a chart page's JavaScript (bench/README.md). */
function loadPlot(): Promise<PlotModule> {
  return (plotModule ??= import("./plot-marks"));
}

/**
 * Mounts an Observable Plot figure built by `build` into the returned ref, rebuilding when `deps`
 * change or the container's width does. `build` gets the container's width so a chart is drawn at
 * the size it is shown (an 860 px chart scaled down to a phone would shrink its labels below
 * legibility). Plot needs a live DOM for its tooltips, so charts render on the client; the module is
 * loaded on demand, so it is not part of the JavaScript a page needs to become interactive.
 */
export function usePlot<T extends HTMLElement = HTMLDivElement>(build: (Plot: PlotModule, width: number) => Element | null, deps: readonly unknown[]) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const measure = () => {
      const w = Math.floor(container.clientWidth);
      // Small changes (a scrollbar appearing) do not redraw.
      setWidth((previous) => (Math.abs(previous - w) >= 24 ? w : previous));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (width === 0) return;
    let cancelled = false;
    let figure: Element | null = null;
    void loadPlot().then((Plot) => {
      const container = ref.current;
      if (cancelled || !container) return;
      figure = build(Plot, width);
      if (figure) container.replaceChildren(figure);
    });
    return () => {
      cancelled = true;
      figure?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, width]);
  return ref;
}
