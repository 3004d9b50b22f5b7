import { DataTable } from "@/components/ui/data-table";
import { formatCell, type CardBlock, type Cell, type ModelCard } from "@/lib/registry/model-card";

/** A model card's sections (lib/registry/model-card.ts), rendered server-side. */

function CellText({ cell }: { cell: Cell }) {
  return <>{formatCell(cell)}</>;
}

function Block({ block }: { block: CardBlock }) {
  switch (block.kind) {
    case "facts":
      return (
        <dl className="grid max-w-4xl grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {block.items.map((item) => (
            <div key={item.label} className="contents">
              <dt className="font-medium text-slate-600">{item.label}</dt>
              <dd className={typeof item.value === "string" ? "" : "tabular-nums"}>
                <CellText cell={item.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
    case "list":
      return (
        <ul className="max-w-4xl list-disc space-y-1 pl-5 text-sm">
          {block.items.map((item, k) => (
            <li key={k}>{item}</li>
          ))}
        </ul>
      );
    case "paragraph":
      return <p className="max-w-4xl text-sm text-slate-700">{block.text}</p>;
    case "table":
      return (
        <DataTable
          className="mt-1"
          caption={block.caption}
          captionClassName="pb-1 text-left text-slate-600"
          padLast
          columns={block.columns.map((c, k) => ({ key: String(k), label: c, className: "py-1" }))}
        >
          {block.rows.map((row, r) => (
            <tr key={r} className="border-b border-slate-100">
              {row.map((cell, c) => (
                <td key={c} className={`py-0.5 pr-4 ${typeof cell === "string" ? "" : "text-right"}`}>
                  <CellText cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      );
  }
}

export function ModelCardView({ card }: { card: ModelCard }) {
  return (
    <>
      {card.sections.map((section) => (
        <section key={section.id} id={section.id} className="space-y-2" data-testid={`card-${section.id}`}>
          <h2 className="text-xl font-semibold">{section.title}</h2>
          {section.blocks.map((block, k) => (
            <Block key={k} block={block} />
          ))}
        </section>
      ))}
    </>
  );
}
