/** Dense Cholesky factorization and solve for the small (p + 1)² systems of the solvers. */

/**
 * Lower-triangular L with L·Lᵀ = A (A n × n, symmetric, row-major; L n × n, its upper part untouched);
 * false when a pivot is not above relativeFloor × A's largest diagonal entry (numerically singular).
 */
export function choleskyFactor(A: Float64Array, n: number, L: Float64Array, relativeFloor = 1e-13): boolean {
  let maxDiagonal = 0;
  for (let a = 0; a < n; a++) maxDiagonal = Math.max(maxDiagonal, A[a * n + a]);
  if (!(maxDiagonal > 0 && maxDiagonal < Infinity)) return false;
  const floor = maxDiagonal * relativeFloor;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let v = A[a * n + b];
      for (let c = 0; c < b; c++) v -= L[a * n + c] * L[b * n + c];
      if (a === b) {
        if (!(v > floor)) return false;
        L[a * n + a] = Math.sqrt(v);
      } else {
        L[a * n + b] = v / L[b * n + b];
      }
    }
  }
  return true;
}

/** Solves L·Lᵀ·u = r in place (r becomes u). */
export function choleskySolveInPlace(L: Float64Array, n: number, r: Float64Array): void {
  for (let a = 0; a < n; a++) {
    let v = r[a];
    for (let c = 0; c < a; c++) v -= L[a * n + c] * r[c];
    r[a] = v / L[a * n + a];
  }
  for (let a = n - 1; a >= 0; a--) {
    let v = r[a];
    for (let c = a + 1; c < n; c++) v -= L[c * n + a] * r[c];
    r[a] = v / L[a * n + a];
  }
}
