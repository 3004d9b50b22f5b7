import { InvalidArgumentError } from "commander";

/** Option parsers shared by the commands: one message for a bad value, whichever command reads it. */
export function parsePositiveInt(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got '${raw}'.`);
    return value;
  };
}

export function parsePositiveNumber(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got '${raw}'.`);
    return value;
  };
}

/** `--format`: csv or parquet. */
export function parseFormat(raw: string): "csv" | "parquet" {
  if (raw === "csv" || raw === "parquet") return raw;
  throw new InvalidArgumentError(`--format must be csv or parquet, got '${raw}'.`);
}
