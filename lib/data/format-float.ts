/**
 * Format a number exactly as Python's `repr(float)` (and so numpy / pandas `to_csv`) writes it.
 *
 * Both Python and JavaScript print the shortest digit string that round-trips, so the digits agree;
 * only the layout differs:
 * - integral values keep a trailing `.0` (`2.0`, `-0.0`);
 * - Python switches to exponent form when the decimal exponent is < -4 or >= 16 (`1e-05`,
 *   `1.5e+16`), JavaScript only below 1e-6 or from 1e21 on;
 * - Python's exponent always has a sign and at least two digits (`1e-05`, `1e+16`, `5e-324`).
 *
 * Non-finite values give `nan`, `inf`, `-inf` like `repr` (pandas `to_csv` would write NaN as an
 * empty field; the feature frame has no missing values).
 */
export function formatPythonFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";

  // `toExponential()` without an argument gives the shortest round-trip digits, e.g. "1.5e+16".
  const exp = x.toExponential();
  const e = exp.indexOf("e");
  const exponent = Number(exp.slice(e + 1));

  if (exponent < -4 || exponent >= 16) {
    const mantissa = exp.slice(0, e);
    const sign = exponent < 0 ? "-" : "+";
    const digits = String(Math.abs(exponent));
    return `${mantissa}e${sign}${digits.length < 2 ? "0" + digits : digits}`;
  }

  // -4 <= exponent < 16: JavaScript also uses fixed notation here, with the same digits.
  const fixed = String(x);
  return fixed.includes(".") ? fixed : fixed + ".0";
}
