/**
 * The most recent output of a terminal, bounded in characters, addressed by absolute
 * offsets (characters since the terminal started). A view that reattaches asks for
 * everything after the offset it last saw; `#terminal` reads the tail.
 */
export class ScrollbackRing {
  private chunks: string[] = [];
  private size = 0;
  /** Offset of the first kept character. */
  private startOffset = 0;

  constructor(private readonly capacity: number) {}

  /** Offset just after the newest character. */
  get end(): number {
    return this.startOffset + this.size;
  }

  get start(): number {
    return this.startOffset;
  }

  append(data: string): void {
    if (!data) return;
    this.chunks.push(data);
    this.size += data.length;
    // Drop whole chunks first, then trim the oldest one, so a long run stays cheap.
    while (this.size - this.chunks[0]!.length >= this.capacity) {
      const dropped = this.chunks.shift()!;
      this.size -= dropped.length;
      this.startOffset += dropped.length;
    }
    if (this.size > this.capacity) {
      const excess = this.size - this.capacity;
      this.chunks[0] = this.chunks[0]!.slice(excess);
      this.size -= excess;
      this.startOffset += excess;
    }
    // Many tiny chunks (keystroke echoes) would make joins slow; merge them now and then.
    if (this.chunks.length > 512) this.chunks = [this.chunks.join('')];
  }

  /** Output from `since` (clamped to what is kept) to the end, and how much before it is gone. */
  since(offset: number): { data: string; skipped: number } {
    const from = Math.max(offset, this.startOffset);
    const skipped = from - offset;
    if (from >= this.end) return { data: '', skipped: Math.max(0, skipped) };
    const all = this.chunks.join('');
    this.chunks = [all];
    return { data: all.slice(from - this.startOffset), skipped };
  }

  /** Everything kept, starting at a line boundary when one is near, so a replay does not begin inside an escape sequence. */
  snapshot(): { data: string; startOffset: number } {
    const all = this.chunks.join('');
    this.chunks = all ? [all] : [];
    if (this.startOffset === 0) return { data: all, startOffset: 0 };
    const nl = all.indexOf('\n');
    const cut = nl >= 0 && nl < 4096 ? nl + 1 : 0;
    return { data: all.slice(cut), startOffset: this.startOffset + cut };
  }
}
