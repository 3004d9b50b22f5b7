import { describe, expect, it } from "vitest";
import type { ModelCard } from "../../lib/registry/model-card";
import { renderCardHtml, renderCardMarkdown } from "../../lib/registry/model-card-render";

/** A card with one block of every kind, numbers of several kinds, and text that needs escaping. */
const card: ModelCard = {
  version: "v_20260101_120000",
  title: "Model card: v_20260101_120000",
  sections: [
    {
      id: "details",
      title: "Model details",
      blocks: [
        { kind: "facts", items: [{ label: "Version", value: "v_20260101_120000 (active)" }, { label: "Threshold", value: { value: 0.123456, kind: "threshold" } }] },
        { kind: "paragraph", text: "Scores customers & products." },
      ],
    },
    {
      id: "metrics",
      title: "Metrics",
      blocks: [
        {
          kind: "table",
          caption: "Figures on the test days",
          columns: ["metric", "value", "rows"],
          rows: [
            ["Average precision", { value: 0.31234, kind: "ratio", low: 0.25, high: 0.375 }, { value: 1234.4, kind: "count" }],
            ["Share | pushed", { value: 0.0525, kind: "percent" }, { value: null, kind: "count" }],
          ],
        },
        { kind: "list", items: ["first <caveat>", 'second "caveat"'] },
      ],
    },
  ],
};

describe("renderCardMarkdown", () => {
  it("renders every block kind, formatting numbers and right-aligning numeric columns", () => {
    expect(renderCardMarkdown(card)).toBe(
      [
        "# Model card: v_20260101_120000",
        "",
        "## Model details",
        "",
        "- **Version**: v_20260101_120000 (active)",
        "- **Threshold**: 0.1235",
        "",
        "Scores customers & products.",
        "",
        "## Metrics",
        "",
        "*Figures on the test days*",
        "",
        "| metric | value | rows |",
        "|---|---:|---:|", // the text column left-aligned, the number columns right-aligned
        "| Average precision | 0.3123 [0.2500, 0.3750] | 1,234 |",
        "| Share \\| pushed | 5.25% | – |", // a pipe in a cell is escaped; a missing number is a dash
        "",
        "- first <caveat>",
        '- second "caveat"',
        "",
      ].join("\n"),
    );
  });

  it("keeps a table row on one line when a cell holds a newline", () => {
    const multiline: ModelCard = { ...card, sections: [{ id: "x", title: "X", blocks: [{ kind: "table", caption: "c", columns: ["a"], rows: [["one\ntwo"]] }] }] };
    expect(renderCardMarkdown(multiline)).toContain("| one two |");
  });

  it("aligns an empty table's columns as text", () => {
    const empty: ModelCard = { ...card, sections: [{ id: "x", title: "X", blocks: [{ kind: "table", caption: "c", columns: ["a", "b"], rows: [] }] }] };
    expect(renderCardMarkdown(empty)).toContain("| a | b |\n|---|---|");
  });
});

describe("renderCardHtml", () => {
  const html = renderCardHtml(card);

  it("is one standalone page: title, one section per card section with its id", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>Model card: v_20260101_120000</title>");
    expect(html).toContain("<h1>Model card: v_20260101_120000</h1>");
    expect(html.match(/<section /g)).toHaveLength(2);
    expect(html).toContain('<section id="details"><h2>Model details</h2>');
    expect(html).toContain('<section id="metrics"><h2>Metrics</h2>');
    expect(html).not.toMatch(/<script|<link|src=/); // nothing loaded from elsewhere
  });

  it("renders facts, tables, lists and paragraphs, numbers in cells of class num", () => {
    expect(html).toContain('<dl><dt>Version</dt><dd>v_20260101_120000 (active)</dd><dt>Threshold</dt><dd class="num">0.1235</dd></dl>');
    expect(html).toContain(
      '<table><caption>Figures on the test days</caption><thead><tr><th scope="col">metric</th><th scope="col">value</th><th scope="col">rows</th></tr></thead>' +
        '<tbody><tr><td>Average precision</td><td class="num">0.3123 [0.2500, 0.3750]</td><td class="num">1,234</td></tr>' +
        '<tr><td>Share | pushed</td><td class="num">5.25%</td><td class="num">–</td></tr></tbody></table>',
    );
    expect(html).toContain("<p>Scores customers &amp; products.</p>");
    expect(html).toContain("<ul><li>first &lt;caveat&gt;</li><li>second &quot;caveat&quot;</li></ul>");
  });

  it("escapes every text it is given, the title and section ids included", () => {
    const hostile: ModelCard = {
      version: "v",
      title: '</title><script>alert(1)</script>',
      sections: [{ id: '"><img src=x onerror=alert(1)>', title: "<b>", blocks: [{ kind: "facts", items: [{ label: "<i>", value: "&" }] }] }],
    };
    const out = renderCardHtml(hostile);
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;/title&gt;&lt;script&gt;");
    expect(out).toContain('<section id="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">');
    expect(out).toContain("<dt>&lt;i&gt;</dt><dd>&amp;</dd>");
  });
});
