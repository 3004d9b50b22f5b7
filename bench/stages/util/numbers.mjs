// Summaries of repeated measurements and the number formats of the generated tables.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** Linear interpolation between the closest ranks (numpy's default). */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** A number with `d` decimals, or "–" when it was not measured. */
export const f = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(d));
export const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");
export const mbs = (x) => (x === null || x === undefined ? "–" : `${x.toFixed(0)} MB`);
