/**
 * A metric was called with inputs it cannot score: mismatched lengths, an empty input, a label that is
 * not 0/1, a non-finite score, a probability outside [0, 1], or data for which the metric is undefined
 * (e.g. ROC-AUC with a single class). The message always names the argument and, where it applies,
 * the offending index and value.
 */
export class MetricInputError extends Error {
  /** The argument at fault, e.g. "yTrue", "yScore", "beta". */
  readonly argument: string;
  /** The 0-based row index of the offending value, when one row is at fault. */
  readonly index?: number;

  constructor(argument: string, message: string, index?: number) {
    super(message);
    this.name = "MetricInputError";
    this.argument = argument;
    this.index = index;
  }
}
