"use client";

import { useEffect } from "react";

/**
 * Mirrors a page's view state into its URL's query (history.replaceState: no server round trip), so
 * the view can be shared and survives a reload. `params`: a value sets its parameter, null deletes it;
 * `params` null leaves the URL alone (nothing chosen yet). It is set again whenever `data` changes: a
 * router.refresh for results that land while the page is open puts back the URL the refresh started
 * from, which dropped a view chosen meanwhile.
 */
export function useQueryMirror(params: Record<string, string | null> | null, data: unknown): void {
  const key = params === null ? null : JSON.stringify(params);
  useEffect(() => {
    if (key === null) return;
    const url = new URL(window.location.href);
    for (const [name, value] of Object.entries(JSON.parse(key) as Record<string, string | null>)) {
      if (value === null) url.searchParams.delete(name);
      else url.searchParams.set(name, value);
    }
    if (url.toString() !== window.location.href) window.history.replaceState(window.history.state, "", url.toString());
  }, [key, data]);
}
