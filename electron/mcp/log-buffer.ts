import { Emitter } from '../../shared/rpc/transport';

/**
 * A server's stderr (and Specwright's own notes about it), bounded in characters: when
 * full, the oldest output goes first, and the count of dropped characters is kept so the
 * log can say so. A server that floods stderr costs a fixed amount of memory and nothing else.
 */
export class LogBuffer {
  /** Each appended piece, newest last. */
  private chunks: string[] = [];
  private size = 0;
  /** Characters dropped from the front since the log began. */
  dropped = 0;
  /** Every append (text as appended); listeners throttle for themselves. */
  readonly appended = new Emitter<string>();

  constructor(private maxChars: number) {}

  setLimit(maxChars: number) {
    this.maxChars = maxChars;
    this.trim();
  }

  get length(): number {
    return this.size;
  }

  append(text: string): void {
    if (!text) return;
    // One enormous chunk: keep only its tail.
    if (text.length > this.maxChars) {
      this.dropped += text.length - this.maxChars;
      text = text.slice(text.length - this.maxChars);
    }
    this.chunks.push(text);
    this.size += text.length;
    this.trim();
    this.appended.emit(text);
  }

  /** A line from Specwright itself, marked so it stands out from the server's output. */
  note(text: string): void {
    this.append(`[specwright ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
  }

  private trim() {
    while (this.size > this.maxChars && this.chunks.length) {
      const first = this.chunks[0]!;
      const excess = this.size - this.maxChars;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.slice(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  /** The last `n` non-empty lines, for failure messages. */
  tail(n: number): string[] {
    const t = this.text();
    return t
      .slice(Math.max(0, t.length - 8000))
      .split(/\r?\n/)
      .filter((l) => l.trim() && !l.startsWith('[specwright '))
      .slice(-n);
  }
}
