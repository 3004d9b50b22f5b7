/** Number and date formatting shared by the CLI and the pages, so both say the same thing. */

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return value.toFixed(abs < 1 ? 4 : 2);
}

export function formatPercent(value: number, digits = 2): string {
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `YYYY-MM-DD` of a UTC epoch day. */
export function formatDay(epochDay: number): string {
  return new Date(epochDay * 86400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` of UTC epoch seconds. */
export function formatDateTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}
