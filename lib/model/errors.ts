/**
 * An invalid argument to the model API. The message names the parameter, the allowed range and the
 * value received, e.g. `C must be a finite number > 0, got -1`.
 */
export class ParameterError extends Error {
  readonly parameter: string;
  readonly value: unknown;

  constructor(parameter: string, requirement: string, value: unknown) {
    super(`${parameter} must be ${requirement}, got ${describeValue(value)}`);
    this.name = "ParameterError";
    this.parameter = parameter;
    this.value = value;
  }
}

/** A short, readable rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "number") return Object.is(value, -0) ? "0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}
