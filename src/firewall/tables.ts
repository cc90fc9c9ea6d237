/**
 * The two hash tables of the hot path, open addressing over typed arrays: sources (an IPv4 address
 * as a 32-bit integer → its index) and (source index, protocol·port) → counts. Hand-written: a
 * `Map` keyed by numbers above 2³¹ boxes each key (a heap number per line, and the collector's
 * time with it); these tables allocate only when they grow.
 */

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x27d4eb2f, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}

/** IPv4 source (as int32) → dense index. */
export class Ipv4Index {
  private table = new Int32Array(1 << 12); // index + 1; 0 = empty
  private keys = new Int32Array(1 << 12);
  size = 0;

  /** The index of `ip` (`ip | 0`), adding it with `next` when absent; returns -1 if added. */
  find(ip: number): number {
    const mask = this.table.length - 1;
    for (let h = mix(ip, 0) & mask; ; h = (h + 1) & mask) {
      const v = this.table[h] as number;
      if (v === 0) return -1 - h;
      if (this.keys[h] === ip) return v - 1;
    }
  }

  /** Adds `ip` at the empty `hole` (from `find`) with `index`. */
  add(hole: number, ip: number, index: number): void {
    this.table[hole] = index + 1;
    this.keys[hole] = ip;
    if (++this.size * 2 > this.table.length) this.grow();
  }

  private grow(): void {
    const oldT = this.table;
    const oldK = this.keys;
    this.table = new Int32Array(oldT.length * 2);
    this.keys = new Int32Array(oldT.length * 2);
    const mask = this.table.length - 1;
    for (let i = 0; i < oldT.length; i++) {
      const v = oldT[i] as number;
      if (v === 0) continue;
      let h = mix(oldK[i] as number, 0) & mask;
      while (this.table[h] !== 0) h = (h + 1) & mask;
      this.table[h] = v;
      this.keys[h] = oldK[i] as number;
    }
  }
}

/** (source index, protocol << 16 | port) → packets and log bytes. */
export class PairTable {
  private table = new Int32Array(1 << 14); // slot + 1; 0 = empty
  src = new Int32Array(1 << 13);
  pp = new Int32Array(1 << 13);
  count = new Float64Array(1 << 13);
  bytes = new Float64Array(1 << 13);
  size = 0;

  /** The slot of the pair, or -1 when absent and the table holds `max` pairs already. */
  slot(si: number, pp: number, max: number): number {
    const mask = this.table.length - 1;
    let h = mix(si, pp) & mask;
    for (;;) {
      const v = this.table[h] as number;
      if (v === 0) break;
      if (this.src[v - 1] === si && this.pp[v - 1] === pp) return v - 1;
      h = (h + 1) & mask;
    }
    if (this.size >= max) return -1;
    const slot = this.size++;
    if (slot >= this.src.length) this.growRows();
    this.table[h] = slot + 1;
    this.src[slot] = si;
    this.pp[slot] = pp;
    if (this.size * 2 > this.table.length) this.growTable();
    return slot;
  }

  private growRows(): void {
    const n = this.src.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, b: T) => {
      b.set(a);
      return b;
    };
    this.src = copy(this.src, new Int32Array(n));
    this.pp = copy(this.pp, new Int32Array(n));
    this.count = copy(this.count, new Float64Array(n));
    this.bytes = copy(this.bytes, new Float64Array(n));
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2);
    const mask = this.table.length - 1;
    for (let s = 0; s < this.size; s++) {
      let h = mix(this.src[s] as number, this.pp[s] as number) & mask;
      while (this.table[h] !== 0) h = (h + 1) & mask;
      this.table[h] = s + 1;
    }
  }
}
