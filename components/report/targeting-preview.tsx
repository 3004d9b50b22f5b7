"use client";

import { useEffect, useMemo, useState } from "react";
import { customerLabels, readableProductType } from "@/lib/report/plain-words";
import type { TargetingPreview as Preview, TargetingRow } from "@/lib/report/selected-model";
import { formatPercent } from "@/lib/format";
import { DataTable } from "@/components/ui/data-table";

type TargetingResponse = Preview & { version: string };

function RowsTable({ rows, labels, showIds, testId, caption }: { rows: TargetingRow[]; labels: Map<number, string>; showIds: boolean; testId: string; caption: string }) {
  return (
    <DataTable
      testId={testId}
      caption={caption}
      columns={[
        { label: "Customer" },
        showIds && { label: "Customer id" },
        { label: "Order date" },
        showIds && { label: "Variant id" },
        { label: "Chance of buying", numeric: true },
        { label: "Bought?" },
      ]}
    >
      {rows.map((r, k) => (
        <tr key={k} className="border-b border-slate-100">
          <td className="pr-4">{labels.get(r.userId)}</td>
          {showIds ? <td className="pr-4 font-mono text-xs">{r.userId}</td> : null}
          <td className="pr-4">{r.orderDate}</td>
          {showIds ? <td className="pr-4 font-mono text-xs">{r.variantId}</td> : null}
          <td className="pr-4 text-right">{formatPercent(r.probability, 1)}</td>
          <td className={r.bought ? "text-green-700" : ""}>{r.bought ? "yes" : "no"}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Section 7: who would get the push for a kind of product — the test-period customers at or above
 * the operating threshold, whether they bought, and (on demand) the ones left out. Opens with the
 * product the model pushes most, so the printed report shows a real list.
 */
export function TargetingPreview({ productTypes, defaultProductType }: { productTypes: string[]; defaultProductType: string | null }) {
  const [productType, setProductType] = useState(defaultProductType ?? "");
  const [data, setData] = useState<TargetingResponse | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [showLeftOut, setShowLeftOut] = useState(false);
  const [showIds, setShowIds] = useState(false);

  async function load(value: string) {
    setProductType(value);
    setData(null);
    if (!value) return;
    setStatus("Scoring the test period…");
    const response = await fetch(`/api/report/targeting?productType=${encodeURIComponent(value)}`);
    const body = await response.json();
    if (!response.ok) {
      setStatus(body.error ?? "failed");
      return;
    }
    setStatus(null);
    setData(body);
  }

  useEffect(() => {
    if (defaultProductType) void load(defaultProductType);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [defaultProductType]);

  const labels = useMemo(() => customerLabels(data ? [...data.rows, ...data.leftOut].map((r) => r.userId) : []), [data]);
  const name = productType ? readableProductType(productType) : "";

  return (
    <div className="space-y-3" data-testid="targeting-preview">
      <label className="flex max-w-md flex-col text-sm">
        Product type
        <select className="mt-1 rounded border border-slate-300 px-2 py-1" value={productType} onChange={(e) => load(e.target.value)} aria-label="Product type to target" data-testid="targeting-select">
          <option value="">Choose a product type…</option>
          {productTypes.map((p) => (
            <option key={p} value={p}>{readableProductType(p)}</option>
          ))}
        </select>
      </label>
      <p role="status" className="text-sm text-slate-500">{status}</p>
      {data ? (
        <>
          <p className="max-w-3xl text-sm" data-testid="targeting-summary">
            At the operating threshold — a push goes out when the chance of buying is at least <strong data-testid="targeting-threshold">{formatPercent(data.threshold, 1)}</strong>{" "}
            — the model would have pushed <strong>{name}</strong> {data.pushed.toLocaleString("en-US")} time{data.pushed === 1 ? "" : "s"} to{" "}
            {data.customersPushed.toLocaleString("en-US")} customer{data.customersPushed === 1 ? "" : "s"} in the test days;{" "}
            <strong>{data.buyersReached.toLocaleString("en-US")}</strong> of those pushes led to a purchase ({data.buyingCustomersReached.toLocaleString("en-US")} customer
            {data.buyingCustomersReached === 1 ? "" : "s"}). {data.leftOutCount.toLocaleString("en-US")} other candidate{data.leftOutCount === 1 ? " was" : "s were"} left out, and{" "}
            {data.leftOutBuyers.toLocaleString("en-US")} of them bought anyway.
          </p>
          {data.rows.length ? (
            <RowsTable
              rows={data.rows}
              labels={labels}
              showIds={showIds}
              testId="targeting-table"
              caption={`Who gets the push: ${name}, highest chance first${data.pushed > data.rows.length ? ` (first ${data.rows.length} of ${data.pushed.toLocaleString("en-US")})` : ""}`}
            />
          ) : (
            <p className="text-sm" data-testid="targeting-empty">Nobody reaches the threshold for {name}: the model would not push it in the test days.</p>
          )}
          <div className="no-print flex flex-wrap gap-4 text-sm">
            <label>
              <input type="checkbox" className="mr-1" checked={showLeftOut} onChange={(e) => setShowLeftOut(e.target.checked)} data-testid="targeting-left-out-toggle" />
              Show the ones left out
            </label>
            <label>
              <input type="checkbox" className="mr-1" checked={showIds} onChange={(e) => setShowIds(e.target.checked)} />
              Show customer and variant ids
            </label>
          </div>
          {showLeftOut ? (
            <RowsTable
              rows={data.leftOut}
              labels={labels}
              showIds={showIds}
              testId="targeting-left-out"
              caption={`Left out (below the threshold), closest first${data.leftOutCount > data.leftOut.length ? ` (first ${data.leftOut.length} of ${data.leftOutCount.toLocaleString("en-US")})` : ""}`}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
