"use client";

/** Print (to PDF from the browser) and download the report as one self-contained HTML file. */
export function ReportActions() {
  function download() {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    clone.querySelectorAll("script, link[rel=preload], link[rel=modulepreload], .no-print").forEach((el) => el.remove());
    // Inline every stylesheet so the file reads the same offline.
    let css = "";
    for (const sheet of Array.from(document.styleSheets)) {
      try {
        css += Array.from(sheet.cssRules, (rule) => rule.cssText).join("\n");
      } catch {
        // a cross-origin sheet: skip
      }
    }
    clone.querySelectorAll("link[rel=stylesheet], style").forEach((el) => el.remove());
    const style = document.createElement("style");
    style.textContent = css;
    clone.querySelector("head")?.appendChild(style);
    const blob = new Blob([`<!DOCTYPE html>\n${clone.outerHTML}`], { type: "text/html" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `pushlab-report-${new Date().toISOString().slice(0, 10)}.html`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div className="no-print flex gap-2">
      <button type="button" onClick={() => window.print()} className="rounded border border-slate-300 px-3 py-1 text-sm">Print / save as PDF</button>
      <button type="button" onClick={download} className="rounded border border-slate-300 px-3 py-1 text-sm" data-testid="download-html">Download as HTML</button>
    </div>
  );
}
