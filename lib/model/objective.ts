import type { DesignMatrix } from "./design-matrix";

/**
 * The weighted binary log-loss and its gradient in ONE fused pass over the row-major data.
 *
 * Parameters are packed as `theta = [w_0 … w_{cols-1}, b]` (intercept last). For each row the margin
 * z = x·w + b, the loss term and the probability are computed from a single `exp`, and the gradient
 * is accumulated while the row is still in cache:
 *
 *   ℓ(z, y)  = log(1 + e^z) − y·z = max(z, 0) + log1p(e^{−|z|}) − y·z      (never overflows)
 *   σ(z)     = 1 / (1 + e^{−|z|})  for z ≥ 0,   e^{−|z|} / (1 + e^{−|z|})  for z < 0
 *   ∂ℓ/∂z    = σ(z) − y = (1 − y)·σ(z) − y·(1 − σ(z)), with 1 − σ(z) taken from the same
 *              e^{−|z|} (no cancellation in 1 − σ for confidently classified rows)
 *
 * Returns `scale · Σ s_i ℓ_i` and writes `scale · Σ s_i (σ_i − y_i) [x_i, 1]` into `grad`
 * (length cols + 1). `weights === null` means s_i = 1. No allocation. With `marginsOut` (length rows),
 * the margins z_i are written there too: the same bits as margins(X, w, b), so a fit's last pass at its
 * solution gives its training scores without another pass (logistic-regression.ts).
 *
 * Performance: rows are processed FOUR at a time (still one sequential pass; the four rows are
 * adjacent in memory). Each θ_j load serves four margins, the four dot products are independent
 * dependency chains, and each gradient element is loaded/stored once per four rows instead of once
 * per row — about 2× faster than the row-at-a-time loop at 20 columns (bench/model-fit.ts).
 * e^{−|z|} comes from expNonPositive (inlined, no call into the C library) and, without weights, the
 * four log1p become one; figures in bench/README.md.
 */
export function logLossGradient(
  X: DesignMatrix,
  y: Float64Array,
  weights: Float64Array | null,
  theta: Float64Array,
  grad: Float64Array,
  scale: number,
  marginsOut: Float64Array | null = null,
): number {
  const { data, rows, cols } = X;
  const b = theta[cols];
  for (let j = 0; j < cols; j++) grad[j] = 0;
  let loss = 0;
  let gb = 0;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const o0 = i * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let z0 = b;
    let z1 = b;
    let z2 = b;
    let z3 = b;
    for (let j = 0; j < cols; j++) {
      const t = theta[j];
      z0 += data[o0 + j] * t;
      z1 += data[o1 + j] * t;
      z2 += data[o2 + j] * t;
      z3 += data[o3 + j] * t;
    }
    if (marginsOut !== null) {
      marginsOut[i] = z0;
      marginsOut[i + 1] = z1;
      marginsOut[i + 2] = z2;
      marginsOut[i + 3] = z3;
    }
    const e0 = expNonPositive(-Math.abs(z0));
    const e1 = expNonPositive(-Math.abs(z1));
    const e2 = expNonPositive(-Math.abs(z2));
    const e3 = expNonPositive(-Math.abs(z3));
    const y0 = y[i];
    const y1 = y[i + 1];
    const y2 = y[i + 2];
    const y3 = y[i + 3];
    let s0 = 1;
    let s1 = 1;
    let s2 = 1;
    let s3 = 1;
    if (weights !== null) {
      s0 = weights[i];
      s1 = weights[i + 1];
      s2 = weights[i + 2];
      s3 = weights[i + 3];
    }
    const inv0 = 1 / (1 + e0);
    const inv1 = 1 / (1 + e1);
    const inv2 = 1 / (1 + e2);
    const inv3 = 1 / (1 + e3);
    if (weights === null) {
      // Σ log1p(e_k) = log1p(W) with 1 + W = Π (1 + e_k): W from sums and products of positive terms keeps
      // the relative precision of each e_k (no 1 + e rounding), and costs one log1p for four rows.
      const w01 = e0 + e1 + e0 * e1;
      const w23 = e2 + e3 + e2 * e3;
      loss += (z0 > 0 ? z0 : 0) - y0 * z0 + ((z1 > 0 ? z1 : 0) - y1 * z1) + ((z2 > 0 ? z2 : 0) - y2 * z2 + ((z3 > 0 ? z3 : 0) - y3 * z3)) + Math.log1p(w01 + w23 + w01 * w23);
    } else {
      loss +=
        s0 * ((z0 > 0 ? z0 : 0) - y0 * z0 + Math.log1p(e0)) +
        s1 * ((z1 > 0 ? z1 : 0) - y1 * z1 + Math.log1p(e1)) +
        (s2 * ((z2 > 0 ? z2 : 0) - y2 * z2 + Math.log1p(e2)) + s3 * ((z3 > 0 ? z3 : 0) - y3 * z3 + Math.log1p(e3)));
    }
    const r0 = s0 * (z0 >= 0 ? (1 - y0) * inv0 - y0 * e0 * inv0 : (1 - y0) * e0 * inv0 - y0 * inv0);
    const r1 = s1 * (z1 >= 0 ? (1 - y1) * inv1 - y1 * e1 * inv1 : (1 - y1) * e1 * inv1 - y1 * inv1);
    const r2 = s2 * (z2 >= 0 ? (1 - y2) * inv2 - y2 * e2 * inv2 : (1 - y2) * e2 * inv2 - y2 * inv2);
    const r3 = s3 * (z3 >= 0 ? (1 - y3) * inv3 - y3 * e3 * inv3 : (1 - y3) * e3 * inv3 - y3 * inv3);
    gb += r0 + r1 + (r2 + r3);
    for (let j = 0; j < cols; j++) {
      grad[j] += r0 * data[o0 + j] + r1 * data[o1 + j] + (r2 * data[o2 + j] + r3 * data[o3 + j]);
    }
  }
  for (; i < rows; i++) {
    const o = i * cols;
    let z = b;
    for (let j = 0; j < cols; j++) z += data[o + j] * theta[j];
    if (marginsOut !== null) marginsOut[i] = z;
    const e = expNonPositive(-Math.abs(z));
    const yi = y[i];
    const si = weights === null ? 1 : weights[i];
    const inv = 1 / (1 + e);
    loss += si * ((z > 0 ? z : 0) - yi * z + Math.log1p(e));
    const r = si * (z >= 0 ? (1 - yi) * inv - yi * e * inv : (1 - yi) * e * inv - yi * inv);
    gb += r;
    for (let j = 0; j < cols; j++) grad[j] += r * data[o + j];
  }
  for (let j = 0; j < cols; j++) grad[j] *= scale;
  grad[cols] = gb * scale;
  return loss * scale;
}

const EXP_TABLE_BITS = 6;
/** 2^(k/64), k = 0 … 63. */
const EXP_FRACTION = Float64Array.from({ length: 1 << EXP_TABLE_BITS }, (_, k) => 2 ** (k / (1 << EXP_TABLE_BITS)));
/** 2^−m, m = 0 … 1023. */
const EXP_POWER = Float64Array.from({ length: 1024 }, (_, m) => 2 ** -m);
const EXP_SCALE = (1 << EXP_TABLE_BITS) / Math.LN2;
/** ln 2 / 64 in two parts (Cody–Waite): the high part has trailing zero bits, so k·HIGH is exact for |k| < 2^17. */
const LN2_64_HIGH = 0.010830424696223417;
const LN2_64_LOW = 2.572804622327669e-14;

/**
 * e^x for x ≤ 0 (within 2 ulp of Math.exp; test/model/objective.test.ts): x = k·ln2/64 + r with
 * |r| ≤ ln2/128, e^x = 2^⌊k/64⌋ · 2^((k mod 64)/64) · e^r, e^r by its degree-6 Taylor polynomial
 * (truncation < 1e-19 relative). Small enough to be inlined into the loss pass, where Math.exp is a
 * call into the C library that spills the pass's live registers. Below −700, above 0 and for NaN
 * Math.exp answers, keeping its underflow, overflow and NaN behaviour.
 */
export function expNonPositive(x: number): number {
  if (!(x >= -700 && x <= 0)) return Math.exp(x);
  const k = Math.round(x * EXP_SCALE);
  const r = x - k * LN2_64_HIGH - k * LN2_64_LOW;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  return EXP_POWER[-(k >> EXP_TABLE_BITS)] * EXP_FRACTION[k & ((1 << EXP_TABLE_BITS) - 1)] * p;
}

/** Margins z_i = x_i·coef + intercept. */
export function margins(X: DesignMatrix, coef: ArrayLike<number>, intercept: number, out?: Float64Array): Float64Array {
  const { data, rows, cols } = X;
  if (coef.length !== cols) throw new RangeError(`coef has ${coef.length} values but X has ${cols} columns`);
  const z = out ?? new Float64Array(rows);
  const w = Float64Array.from(coef);
  let off = 0;
  for (let i = 0; i < rows; i++) {
    let s = intercept;
    for (let j = 0; j < cols; j++) s += data[off + j] * w[j];
    z[i] = s;
    off += cols;
  }
  return z;
}

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The Hessian of the same weighted log-loss at theta: scale · Σ s_i σ_i(1 − σ_i) [x_i, 1][x_i, 1]ᵀ,
 * written into `out` ((cols + 1)², row-major, both triangles). One pass over the rows at
 * O(cols²/2) a row, so it is taken on a row subsample (the preconditioner's approximate Hessian, preconditioned-lbfgs.ts), not on
 * every row. Rows are taken four at a time (as logLossGradient), so each entry of the lower triangle
 * is loaded and stored once per four rows. No allocation.
 */
export function logLossHessian(X: DesignMatrix, weights: Float64Array | null, theta: Float64Array, out: Float64Array, scale: number): void {
  const { data, rows, cols } = X;
  const n = cols + 1;
  const b = theta[cols];
  out.fill(0, 0, n * n);
  const c = cols;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const o0 = i * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let z0 = b;
    let z1 = b;
    let z2 = b;
    let z3 = b;
    for (let j = 0; j < cols; j++) {
      const t = theta[j];
      z0 += data[o0 + j] * t;
      z1 += data[o1 + j] * t;
      z2 += data[o2 + j] * t;
      z3 += data[o3 + j] * t;
    }
    const e0 = expNonPositive(-Math.abs(z0));
    const e1 = expNonPositive(-Math.abs(z1));
    const e2 = expNonPositive(-Math.abs(z2));
    const e3 = expNonPositive(-Math.abs(z3));
    let d0 = e0 / ((1 + e0) * (1 + e0));
    let d1 = e1 / ((1 + e1) * (1 + e1));
    let d2 = e2 / ((1 + e2) * (1 + e2));
    let d3 = e3 / ((1 + e3) * (1 + e3));
    if (weights !== null) {
      d0 *= weights[i];
      d1 *= weights[i + 1];
      d2 *= weights[i + 2];
      d3 *= weights[i + 3];
    }
    for (let j = 0; j < c; j++) {
      const a0 = d0 * data[o0 + j];
      const a1 = d1 * data[o1 + j];
      const a2 = d2 * data[o2 + j];
      const a3 = d3 * data[o3 + j];
      out[c * n + j] += a0 + a1 + (a2 + a3);
      // One-hot columns are mostly zero in all four rows: nothing to add to their row of the triangle.
      if (a0 !== 0 || a1 !== 0 || a2 !== 0 || a3 !== 0) {
        const oj = j * n;
        for (let k = 0; k <= j; k++) out[oj + k] += a0 * data[o0 + k] + a1 * data[o1 + k] + (a2 * data[o2 + k] + a3 * data[o3 + k]);
      }
    }
    out[c * n + c] += d0 + d1 + (d2 + d3);
  }
  for (; i < rows; i++) {
    const o = i * cols;
    let z = b;
    for (let j = 0; j < cols; j++) z += data[o + j] * theta[j];
    const e = expNonPositive(-Math.abs(z));
    const d = ((weights === null ? 1 : weights[i]) * e) / ((1 + e) * (1 + e));
    for (let j = 0; j < c; j++) {
      const a = d * data[o + j];
      const oj = j * n;
      for (let k = 0; k <= j; k++) out[oj + k] += a * data[o + k];
      out[c * n + j] += a;
    }
    out[c * n + c] += d;
  }
  // The intercept's row holds its entries (out[c·n + j]); mirror the lower triangle and scale.
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) out[k * n + j] = out[j * n + k] *= scale;
    out[j * n + j] *= scale;
  }
}
