"use client";

import { useEffect, useRef } from "react";

/**
 * Mounts an Observable Plot figure built by `build` into the returned ref, rebuilding when `deps`
 * change. Plot needs a live DOM for its tooltips, so charts render on the client.
 */
export function usePlot<T extends HTMLElement = HTMLDivElement>(build: () => Element | null, deps: readonly unknown[]) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const figure = build();
    if (!figure) return;
    container.replaceChildren(figure);
    return () => figure.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}
