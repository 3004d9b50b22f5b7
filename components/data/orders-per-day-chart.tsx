"use client";

import { usePlot } from "../charts/use-plot";

export interface OrdersPerDayPoint {
  date: string; // YYYY-MM-DD
  orders: number;
  group: "train" | "validation" | "test" | "dropped by filter";
}

const GROUPS = ["train", "validation", "test", "dropped by filter"];
const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#cbd5e1"];

/** Orders per day, stacked by split, with the orders the ≥ 5-items filter dropped in grey. */
export function OrdersPerDayChart({ points }: { points: OrdersPerDayPoint[] }) {
  const chart = usePlot((Plot, w) => {
    const data = points.map((p) => ({ ...p, day: new Date(`${p.date}T00:00:00Z`) }));
    return Plot.plot({
      width: Math.min(900, w),
      height: 260,
      marginLeft: 48,
      x: { type: "utc", label: "Order date" },
      y: { label: "Orders per day", grid: true },
      color: { domain: GROUPS, range: COLORS, legend: true },
      marks: [
        Plot.rectY(data, {
          x: "day",
          interval: "day",
          y: "orders",
          fill: "group",
          order: GROUPS,
          tip: { format: { x: (d: Date) => d.toISOString().slice(0, 10), fill: true, y: true } },
        }),
        Plot.ruleY([0]),
      ],
      ariaLabel: "Orders per day coloured by split",
    });
  }, [points], 900);
  return (
    <figure className="my-4">
      <div {...chart} role="img" aria-label="Bar chart of orders per day, coloured by train, validation and test split" data-testid="orders-per-day-chart" />
      <figcaption className="text-sm text-slate-500">
        Orders per day. Colours show the temporal split of the orders kept by the filter; grey bars are orders with fewer than 5 purchased items.
      </figcaption>
    </figure>
  );
}
