import { fromLineStart, renderPlainText } from './plain-text';
import { ScrollbackRing } from './scrollback-ring';

export interface CapturedOutput {
  /** Plain text for the model: all of it, or its head and tail with a note between them. */
  text: string;
  truncated: boolean;
  /** Characters the command printed (raw, escape sequences included). */
  totalChars: number;
}

/** Raw characters kept per plain character wanted: colour codes and progress redraws inflate raw output. */
const RAW_PER_PLAIN = 4;

/**
 * Keeps the beginning and the end of a command's output — however much it prints, the
 * host holds a bounded amount — and turns them into plain text within a character budget.
 */
export class OutputCapture {
  private head = '';
  private readonly tail: ScrollbackRing;
  private readonly headRaw: number;
  total = 0;

  constructor(private readonly maxChars: number) {
    this.headRaw = Math.ceil(maxChars * 0.3) * RAW_PER_PLAIN;
    this.tail = new ScrollbackRing(Math.ceil(maxChars * 0.7) * RAW_PER_PLAIN * 2);
  }

  push(data: string): void {
    this.total += data.length;
    if (this.head.length < this.headRaw) this.head += data.slice(0, this.headRaw - this.head.length);
    this.tail.append(data);
  }

  /** Plain text of what was captured so far (mid-run too: a background command's first output). */
  async render(cols: number): Promise<CapturedOutput> {
    const headBudget = Math.floor(this.maxChars * 0.3);
    const tailBudget = this.maxChars - headBudget;
    if (this.tail.start <= this.head.length) {
      // Nothing was lost between head and tail: render the whole output at once.
      const lines = await renderPlainText(this.head + this.tail.since(this.head.length).data, cols);
      const text = lines.join('\n');
      if (text.length <= this.maxChars) return { text, truncated: false, totalChars: this.total };
      return this.cut(takeHead(lines, headBudget), takeTail(lines, tailBudget), lines.length);
    }
    const headLines = takeHead(await renderPlainText(this.head, cols), headBudget);
    const tailLines = takeTail(await renderPlainText(fromLineStart(this.tail.since(this.tail.start).data), cols), tailBudget);
    return this.cut(headLines, tailLines, null);
  }

  private cut(head: string[], tail: string[], totalLines: number | null): CapturedOutput {
    const kb = (this.total / 1024).toFixed(this.total < 10240 ? 1 : 0);
    const omitted = totalLines === null ? `the middle of ${kb} KB of output` : `${totalLines - head.length - tail.length} of ${totalLines} lines`;
    const note = `[… ${omitted} left out; showing the first ${head.length} and the last ${tail.length} lines …]`;
    return { text: [...head, note, ...tail].join('\n'), truncated: true, totalChars: this.total };
  }
}

/** Whole lines from the start within `budget` characters (a first line longer than that is cut). */
function takeHead(lines: string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) {
      if (out.length === 0) out.push(line.slice(0, budget) + '…');
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}

/** Whole lines from the end within `budget` characters (a last line longer than that keeps its end). */
function takeTail(lines: string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (used + line.length + 1 > budget) {
      if (out.length === 0) out.push('…' + line.slice(line.length - budget));
      break;
    }
    out.unshift(line);
    used += line.length + 1;
  }
  return out;
}
