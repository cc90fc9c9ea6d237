/**
 * A chunk list that hands out contiguous views of the bytes a reader asks for, copying only when
 * a record spans two or more chunks (undici's websocket ByteParser does the same). Chunks are
 * pushed as they arrive from a file, a gunzip stream or stdin, whatever their size.
 *
 * `view(n)` sets `buf`/`pos`/`dv` to n contiguous bytes at the read position (no copy when the
 * first chunk holds them) and returns false when fewer than n bytes have arrived yet. The view
 * stays valid until the next `push`/`view`/`skip`. Offsets in errors are `offset` (absolute).
 */

export class ByteSource {
  private chunks: Uint8Array[] = [];
  private views: DataView[] = [];
  private first = 0; // index of the chunk holding the read position
  private head = 0; // read position inside chunks[first]
  private total = 0; // bytes available from the read position on
  private scratch = new Uint8Array(64 * 1024);
  private scratchView = new DataView(this.scratch.buffer);
  /** Absolute offset of the read position in the stream. */
  offset = 0;
  /** The current view: `n` bytes at `buf[pos]`, readable with `dv` at `pos`. */
  buf: Uint8Array = this.scratch;
  pos = 0;
  dv: DataView = this.scratchView;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Let go of consumed chunks (amortised: at most as many dead chunks as live ones are kept).
    if (this.first > 0 && this.first * 2 >= this.chunks.length) {
      this.chunks.splice(0, this.first);
      this.views.splice(0, this.first);
      this.first = 0;
    }
    this.chunks.push(chunk);
    // Respect byteOffset: a Buffer usually starts inside a pooled ArrayBuffer.
    this.views.push(new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.total += chunk.length;
  }

  /** Whether unconsumed bytes still live in `buf`'s memory (a pooled reader may not reuse it yet). */
  retains(buf: Uint8Array): boolean {
    for (let i = this.first; i < this.chunks.length; i++)
      if (this.chunks[i]!.buffer === buf.buffer) return true;
    return false;
  }

  /** Bytes that have arrived and are not yet consumed. */
  get available(): number {
    return this.total;
  }

  /** Makes `n` bytes at the read position contiguous in `buf`/`dv` at `pos`; false if not all here. */
  view(n: number): boolean {
    if (n > this.total) return false;
    const first = this.chunks[this.first];
    if (first === undefined) {
      this.buf = this.scratch;
      this.pos = 0;
      this.dv = this.scratchView;
      return n === 0;
    }
    if (first.length - this.head >= n) {
      this.buf = first;
      this.pos = this.head;
      this.dv = this.views[this.first]!;
      return true;
    }
    if (this.scratch.length < n) {
      let size = this.scratch.length;
      while (size < n) size *= 2;
      this.scratch = new Uint8Array(size);
      this.scratchView = new DataView(this.scratch.buffer);
    }
    let filled = 0;
    let i = this.first;
    let from = this.head;
    while (filled < n) {
      const c = this.chunks[i++]!;
      const take = Math.min(c.length - from, n - filled);
      this.scratch.set(c.subarray(from, from + take), filled);
      filled += take;
      from = 0;
    }
    this.buf = this.scratch;
    this.pos = 0;
    this.dv = this.scratchView;
    return true;
  }

  /** Consumes `n` bytes (at most what is available). */
  skip(n: number): void {
    let left = Math.min(n, this.total);
    this.total -= left;
    this.offset += left;
    while (left > 0) {
      const rest = this.chunks[this.first]!.length - this.head;
      if (left < rest) {
        this.head += left;
        return;
      }
      left -= rest;
      this.first++;
      this.head = 0;
    }
    // Everything consumed: start the list afresh (otherwise `push` compacts it).
    if (this.first === this.chunks.length) {
      this.chunks.length = 0;
      this.views.length = 0;
      this.first = 0;
    }
  }

  /**
   * Discards up to `n` bytes that may not have arrived yet (a block the reader ignores);
   * returns how many are still to come. Lets a reader skip a huge unknown block without holding it.
   */
  discard(n: number): number {
    const now = Math.min(n, this.total);
    this.skip(now);
    return n - now;
  }
}
