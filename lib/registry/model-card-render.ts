import { formatCell, type Cell, type CardBlock, type ModelCard } from "./model-card";

/** The model card as Markdown (`pushlab registry card --md`) or a standalone HTML page (`--html`). */

const mdEscape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function mdBlock(block: CardBlock): string {
  switch (block.kind) {
    case "facts":
      return block.items.map((i) => `- **${i.label}**: ${formatCell(i.value)}`).join("\n");
    case "list":
      return block.items.map((i) => `- ${i}`).join("\n");
    case "paragraph":
      return block.text;
    case "table": {
      const numeric = (c: number) => block.rows.length > 0 && block.rows.every((r) => typeof r[c] !== "string");
      return [
        `*${block.caption}*`,
        "",
        `| ${block.columns.map(mdEscape).join(" | ")} |`,
        `|${block.columns.map((_, c) => (numeric(c) ? "---:" : "---")).join("|")}|`,
        ...block.rows.map((r) => `| ${r.map((cell) => mdEscape(formatCell(cell))).join(" | ")} |`),
      ].join("\n");
    }
  }
}

export function renderCardMarkdown(card: ModelCard): string {
  return `# ${card.title}\n\n${card.sections.map((s) => `## ${s.title}\n\n${s.blocks.map(mdBlock).join("\n\n")}`).join("\n\n")}\n`;
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const cellHtml = (cell: Cell, tag: "td" | "dd") => `<${tag}${typeof cell === "string" ? "" : ' class="num"'}>${esc(formatCell(cell))}</${tag}>`;

function htmlBlock(block: CardBlock): string {
  switch (block.kind) {
    case "facts":
      return `<dl>${block.items.map((i) => `<dt>${esc(i.label)}</dt>${cellHtml(i.value, "dd")}`).join("")}</dl>`;
    case "list":
      return `<ul>${block.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
    case "paragraph":
      return `<p>${esc(block.text)}</p>`;
    case "table":
      return `<table><caption>${esc(block.caption)}</caption><thead><tr>${block.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}</tr></thead><tbody>${block.rows.map((r) => `<tr>${r.map((c) => cellHtml(c, "td")).join("")}</tr>`).join("")}</tbody></table>`;
  }
}

export function renderCardHtml(card: ModelCard): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(card.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a}table{border-collapse:collapse;margin:.5rem 0 1rem}caption{text-align:left;font-style:italic}td,th{border-bottom:1px solid #e2e8f0;padding:.15rem .6rem;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dt{font-weight:600}dd{margin:0;text-align:left}</style>
</head><body><h1>${esc(card.title)}</h1>
${card.sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.blocks.map(htmlBlock).join("\n")}</section>`).join("\n")}
</body></html>
`;
}
