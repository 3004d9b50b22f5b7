"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Mounts an Observable Plot figure built by `build` into the returned ref, rebuilding when `deps`
 * change or the container's width does. `build` gets the container's width so a chart is drawn at
 * the size it is shown (a 860 px chart scaled down to a phone would shrink its labels below legibility).
 * Plot needs a live DOM for its tooltips, so charts render on the client.
 */
export function usePlot<T extends HTMLElement = HTMLDivElement>(build: (width: number) => Element | null, deps: readonly unknown[]) {
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
    const container = ref.current;
    if (!container || width === 0) return;
    const figure = build(width);
    if (!figure) return;
    container.replaceChildren(figure);
    return () => figure.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, width]);
  return ref;
}
