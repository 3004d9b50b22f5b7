/**
 * Distinct doubles numbered in order of first appearance, in an open-addressing hash table of typed
 * arrays. Maps and Sets keyed by doubles that are not small integers (the 14-digit ids, fractional
 * features) box every double looked up; at 10× the real size those lookups made the filter and split
 * grow × 40 for × 10 rows (bench/README.md, "Scale"). Values compare as a Set compares them
 * (SameValueZero: -0 is 0, NaN is one value).
 */
export class DoubleCodes {
  private capacity = 1 << 12;
  private keys = new Float64Array(this.capacity);
  /** Code + 1 per slot; 0 for an empty slot. */
  private slots = new Uint32Array(this.capacity);
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  private nanCode = -1;
  /** The distinct values, by code. */
  private values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The code of `value`, a new one (the next integer) the first time it is seen. */
  codeOf(value: number): number {
    if (value !== value) {
      if (this.nanCode < 0) this.nanCode = this.add(NaN);
      return this.nanCode;
    }
    const v = value === 0 ? 0 : value;
    const slot = this.slotOf(v);
    if (this.slots[slot] !== 0) return this.slots[slot] - 1;
    const code = this.add(v);
    this.slots[slot] = code + 1;
    this.keys[slot] = v;
    if (this.values.length * 2 > this.capacity) this.grow();
    return code;
  }

  /** The distinct values, indexed by code. */
  distinct(): Float64Array {
    return Float64Array.from(this.values);
  }

  private add(v: number): number {
    this.values.push(v);
    return this.values.length - 1;
  }

  private slotOf(v: number): number {
    const mask = this.capacity - 1;
    this.bits[0] = v;
    const lo = this.words[0];
    const hi = this.words[1];
    let h = Math.imul(lo ^ (hi >>> 7), 0x9e3779b1) ^ Math.imul(hi ^ (lo >>> 13), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    while (this.slots[slot] !== 0 && this.keys[slot] !== v) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.capacity *= 2;
    this.keys = new Float64Array(this.capacity);
    this.slots = new Uint32Array(this.capacity);
    for (let j = 0; j < oldKeys.length; j++) {
      if (oldSlots[j] === 0) continue;
      const to = this.slotOf(oldKeys[j]);
      this.slots[to] = oldSlots[j];
      this.keys[to] = oldKeys[j];
    }
  }
}
