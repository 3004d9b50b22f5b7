import { numberColumn } from "../data/feature-frame";
import type { PreparedData } from "../data/dataset";
import { ORDER_COLUMN } from "../data/schema";
import { bootstrapIntervals, VERDICT_REPLICATES, type Interval, type IntervalMetric } from "../experiments/comparison/bootstrap";

/**
 * Order-bootstrap 95% intervals of a saved model's figures on one split (the test days at selection):
 * AP, ROC-AUC, and precision / recall / F0.3 at the model's fixed operating threshold, with as many
 * replicates as verdicts get (a selection is rare; the cost is in bench/README.md, "Intervals").
 */
export function splitIntervals(data: PreparedData, rows: Uint32Array, labels: Float64Array, scores: Float64Array, threshold: number, replicates = VERDICT_REPLICATES): Record<IntervalMetric, Interval> {
  const orders = numberColumn(data.frame, ORDER_COLUMN);
  return bootstrapIntervals(scores, labels, Float64Array.from(rows, (i) => orders[i]), threshold, replicates);
}
