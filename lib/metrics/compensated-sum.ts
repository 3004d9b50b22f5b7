/**
 * Neumaier (improved Kahan–Babuška) compensated summation: the error of a sum of n terms stays at a
 * few ulps instead of growing with n, so means over 600k rows agree with numpy's pairwise sums to
 * ~1e-16 relative.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds x to the running sum. */
  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The sum of every term added so far. */
  get value(): number {
    return this.sum + this.compensation;
  }
}
