"use client";

import { useState } from "react";

interface TargetingResponse {
  rows: { userId: number; orderDate: string; variantId: number; productType: string; probability: number; pushed: boolean; bought: boolean }[];
  candidates: number;
  pushed: number;
  buyersReached: number;
  buyers: number;
}

/** Section 7: pick a product type and list the customers the model would notify in the test period. */
export function TargetingPreview({ productTypes }: { productTypes: string[] }) {
  const [productType, setProductType] = useState("");
  const [data, setData] = useState<TargetingResponse | null>(null);
  const [status, setStatus] = useState<string | null>(null);

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

  return (
    <div className="space-y-3" data-testid="targeting-preview">
      <label className="no-print flex max-w-md flex-col text-sm">
        Product type
        <select className="mt-1 rounded border border-slate-300 px-2 py-1" value={productType} onChange={(e) => load(e.target.value)} aria-label="Product type to target" data-testid="targeting-select">
          <option value="">Choose a product type…</option>
          {productTypes.map((p) => (
            <option key={p} value={p}>{p}</option>
          ))}
        </select>
      </label>
      <p role="status" className="text-sm text-slate-500">{status}</p>
      {data ? (
        <>
          <p className="text-sm" data-testid="targeting-summary">
            In the test period, {data.candidates.toLocaleString("en-US")} customer–product pairs of <strong>{productType}</strong> were candidates; the model would
            have pushed {data.pushed.toLocaleString("en-US")} of them and reached {data.buyersReached} of the {data.buyers} that bought.
          </p>
          <table className="text-sm tabular-nums" data-testid="targeting-table">
            <caption className="text-left text-slate-500">Highest predicted probability first (top {data.rows.length})</caption>
            <thead className="border-b border-slate-300 text-left">
              <tr>
                <th scope="col" className="pr-4">Customer</th>
                <th scope="col" className="pr-4">Order date</th>
                <th scope="col" className="pr-4">Variant</th>
                <th scope="col" className="pr-4 text-right">Probability</th>
                <th scope="col" className="pr-4">Pushed?</th>
                <th scope="col">Bought?</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, k) => (
                <tr key={k} className="border-b border-slate-100">
                  <td className="pr-4 font-mono text-xs">{r.userId}</td>
                  <td className="pr-4">{r.orderDate}</td>
                  <td className="pr-4 font-mono text-xs">{r.variantId}</td>
                  <td className="pr-4 text-right">{(r.probability * 100).toFixed(1)}%</td>
                  <td className="pr-4">{r.pushed ? "yes" : "no"}</td>
                  <td className={r.bought ? "text-green-700" : ""}>{r.bought ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
