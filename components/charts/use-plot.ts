"use client";

import { useEffect, useRef, useState } from "react";
import { SERVER_PLOT, type PlotBuild, type ServerPlot } from "./plot-build";

export type { PlotModule } from "./plot-build";

let plotModule: Promise<typeof import("./plot-marks")> | null = null;

/** Observable Plot, fetched the first time a chart must be drawn in the browser: it is most of a chart page's JavaScript (bench/README.md). */
function loadPlot() {
  return (plotModule ??= import("./plot-marks"));
}

/** Redraws smaller than this (a scrollbar appearing) are not worth it: the figure scales to its box. */
const WIDTH_SLACK = 24;

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Set || v instanceof Map ? [...v] : v));
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, k) => Object.is(value, b[k]) || json(value) === json(b[k]));
}

/** What `usePlot` returns: spread it on the chart's container element. */
export interface PlotContainerProps<T extends HTMLElement> {
  ref: React.RefObject<T | null>;
  dangerouslySetInnerHTML: { __html: string };
  suppressHydrationWarning: true;
}

/**
 * An Observable Plot figure built by `build` in the returned container, rebuilt when `deps` change or
 * the container's width does. `build` gets the width the chart is shown at (an 860 px chart scaled
 * down to a phone would shrink its labels below legibility); `maxWidth` is the widest it draws.
 *
 * The server draws the figure at `maxWidth` into the page's HTML (components/charts/server-plot.ts),
 * so a chart is there before any script runs and the browser does not load Plot to show it. The browser
 * keeps that figure until it must draw: on the first pointer, touch or focus on the chart (Plot's
 * tooltips and clicks need a live DOM; the pointer's position is replayed to the new figure), when
 * `deps` change (a slider, new results), or when the container is not as wide as the drawn figure.
 * A chart mounted by client navigation has no server figure and is drawn at once.
 */
export function usePlot<T extends HTMLElement = HTMLDivElement>(build: PlotBuild, deps: readonly unknown[], maxWidth: number): PlotContainerProps<T> {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  const [live, setLive] = useState(false);
  const firstDeps = useRef(deps);
  const lastPointer = useRef<{ clientX: number; clientY: number; pointerType: string } | null>(null);

  let html = "";
  if (typeof window === "undefined") {
    const serverPlot = (globalThis as { [SERVER_PLOT]?: ServerPlot })[SERVER_PLOT];
    if (serverPlot) {
      try {
        html = serverPlot(build, maxWidth, deps);
      } catch {
        html = ""; // drawn in the browser instead
      }
    }
  }

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const serverFigure = container.firstElementChild !== null;
    const measure = () => {
      const w = Math.floor(container.clientWidth);
      setWidth((previous) => (Math.abs(previous - w) >= WIDTH_SLACK ? w : previous));
      if (!serverFigure || Math.abs(Math.min(maxWidth, w) - maxWidth) >= WIDTH_SLACK) setLive(true);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    const onPointer = (event: PointerEvent) => {
      lastPointer.current = { clientX: event.clientX, clientY: event.clientY, pointerType: event.pointerType };
      setLive(true);
    };
    const onFocus = () => setLive(true);
    container.addEventListener("pointerenter", onPointer);
    container.addEventListener("pointermove", onPointer);
    container.addEventListener("pointerdown", onPointer);
    container.addEventListener("focusin", onFocus);
    // Marks the chart as hydrated (its listeners attached), and whether the server's figure is still shown.
    container.dataset.plot = "static";
    return () => {
      observer.disconnect();
      container.removeEventListener("pointerenter", onPointer);
      container.removeEventListener("pointermove", onPointer);
      container.removeEventListener("pointerdown", onPointer);
      container.removeEventListener("focusin", onFocus);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    // A refresh from the server brings new arrays with the same figures: the server's figure still holds.
    if (!live && !sameValues(deps, firstDeps.current)) setLive(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    if (!live || width === 0) return;
    let cancelled = false;
    let figure: Element | null = null;
    void loadPlot().then((Plot) => {
      const container = ref.current;
      if (cancelled || !container) return;
      figure = build(Plot, width, document);
      if (!figure) return;
      container.replaceChildren(figure);
      container.dataset.plot = "live";
      // The pointer that woke the chart is where the reader is looking: show the tip there now.
      const pointer = lastPointer.current;
      lastPointer.current = null;
      if (pointer && container.matches(":hover")) {
        const target = document.elementFromPoint(pointer.clientX, pointer.clientY);
        if (target && figure.contains(target)) target.dispatchEvent(new PointerEvent("pointermove", { ...pointer, bubbles: true }));
      }
    });
    return () => {
      cancelled = true;
      figure?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, width, live]);

  return { ref, dangerouslySetInnerHTML: { __html: html }, suppressHydrationWarning: true };
}
