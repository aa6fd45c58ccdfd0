import type { TerminalOutput } from '../../shared/contract/terminal';
import { ScrollbackRing } from './scrollback-ring';

export interface FlowLimits {
  /** Unacknowledged characters a view may have before the host stops reading from the program. */
  highWater: number;
  /** Reading resumes once every view is back under this. */
  lowWater: number;
  /** Output is gathered this long before it crosses the transport… */
  batchMs: number;
  /** …or until this many characters are waiting. */
  batchMax: number;
  /** A view that acknowledges nothing for this long while holding the program up is left behind (and caught up from the scrollback later). */
  stallMs: number;
}

export const DEFAULT_FLOW: FlowLimits = { highWater: 1_000_000, lowWater: 250_000, batchMs: 5, batchMax: 128 * 1024, stallMs: 3000 };

/** What the channel asks of whatever produces the output (a PTY). */
export interface Producer {
  pause(): void;
  resume(): void;
}

interface Subscriber {
  stream: number;
  emit: (event: TerminalOutput) => void;
  /** Offset up to which output has been sent. */
  sent: number;
  unacked: number;
  lastAck: number;
  /** Stopped receiving because it stalled; resumes with a catch-up from the scrollback. */
  behind: boolean;
}

export interface ChannelStats {
  /** Largest number of unacknowledged characters any view had. */
  maxUnacked: number;
  pauses: number;
  /** Times a view was left behind for not acknowledging. */
  stalls: number;
}

let streamCounter = 0;

/**
 * A terminal's output on its way to the views: kept in a bounded scrollback, gathered
 * into batches, and sent to each subscribed view with flow control — the program is
 * paused while any live view has too much unacknowledged output, so a flood costs the
 * host at most `highWater` characters per view plus the scrollback, never the whole flood.
 */
export class OutputChannel {
  readonly ring: ScrollbackRing;
  readonly stats: ChannelStats = { maxUnacked: 0, pauses: 0, stalls: 0 };
  private pending: string[] = [];
  private pendingSize = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private subscribers = new Map<number, Subscriber>();
  private paused = false;
  private ended: Extract<TerminalOutput, { type: 'exit' }> | null = null;
  private producer: Producer | null = null;
  private lastFlush = 0;

  constructor(
    capacity: number,
    private readonly limits: FlowLimits = DEFAULT_FLOW,
  ) {
    this.ring = new ScrollbackRing(capacity);
  }

  /** The producer to pause and resume; a new one starts paused if the views are behind. */
  setProducer(producer: Producer | null): void {
    this.producer = producer;
    if (producer && this.paused) producer.pause();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  write(data: string): void {
    if (!data) return;
    this.ring.append(data);
    this.pending.push(data);
    this.pendingSize += data.length;
    // A keystroke's echo after a quiet spell goes at once (latency); what follows within the
    // batch window is gathered (throughput).
    if (this.pendingSize >= this.limits.batchMax || (!this.timer && Date.now() - this.lastFlush > this.limits.batchMs)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.batchMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pendingSize) return;
    this.lastFlush = Date.now();
    const data = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingSize = 0;
    const offset = this.ring.end;
    for (const s of this.subscribers.values()) {
      if (s.behind) continue;
      this.send(s, { type: 'data', data, offset }, offset);
    }
    this.updatePause();
  }

  /** The program ended: views get the rest of the output, then the exit. */
  end(exitCode: number | null, signal: string | null): void {
    this.flush();
    this.ended = { type: 'exit', exitCode, signal };
    for (const s of this.subscribers.values()) s.emit(this.ended);
    this.setPaused(false);
  }

  /** Starts sending to a view: a replay first (everything kept, or what came after `since`). */
  subscribe(emit: (event: TerminalOutput) => void, since?: number): { stream: number; dispose: () => void } {
    this.flush();
    const stream = ++streamCounter;
    const s: Subscriber = { stream, emit, sent: 0, unacked: 0, lastAck: Date.now(), behind: false };
    this.subscribers.set(stream, s);
    if (since === undefined) {
      const { data } = this.ring.snapshot();
      this.send(s, { type: 'replay', stream, data, offset: this.ring.end, reset: true, skipped: 0 }, this.ring.end);
    } else {
      const { data, skipped } = this.ring.since(Math.min(since, this.ring.end));
      this.send(s, { type: 'replay', stream, data, offset: this.ring.end, reset: false, skipped }, this.ring.end);
    }
    if (this.ended) emit(this.ended);
    this.updatePause();
    return {
      stream,
      dispose: () => {
        this.subscribers.delete(stream);
        this.updatePause();
      },
    };
  }

  /** A view processed `chars` characters of `stream`. */
  ack(stream: number, chars: number): void {
    const s = this.subscribers.get(stream);
    if (!s) return; // an acknowledgement from before a reconnection
    s.unacked = Math.max(0, s.unacked - chars);
    s.lastAck = Date.now();
    if (s.behind && s.unacked <= this.limits.lowWater) {
      // Caught up with what it had: send what it missed, as far as the scrollback still has it.
      s.behind = false;
      this.flush();
      const { data, skipped } = this.ring.since(s.sent);
      this.send(s, { type: 'replay', stream, data, offset: this.ring.end, reset: false, skipped }, this.ring.end);
    }
    this.updatePause();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.timer = this.stallTimer = null;
    this.subscribers.clear();
    this.producer = null;
  }

  private send(s: Subscriber, event: TerminalOutput, offset: number) {
    s.sent = offset;
    if ('data' in event) {
      s.unacked += event.data.length;
      if (s.unacked > this.stats.maxUnacked) this.stats.maxUnacked = s.unacked;
    }
    s.emit(event);
  }

  private updatePause() {
    if (this.ended) return;
    let over = false;
    for (const s of this.subscribers.values()) if (!s.behind && s.unacked > this.limits.highWater) over = true;
    if (over && !this.paused) this.setPaused(true);
    else if (!over && this.paused) {
      let under = true;
      for (const s of this.subscribers.values()) if (!s.behind && s.unacked > this.limits.lowWater) under = false;
      if (under) this.setPaused(false);
    }
  }

  private setPaused(paused: boolean) {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) {
      this.stats.pauses++;
      this.producer?.pause();
      this.armStallTimer();
    } else {
      if (this.stallTimer) clearTimeout(this.stallTimer);
      this.stallTimer = null;
      this.producer?.resume();
    }
  }

  /** A view that stops acknowledging (a frozen tab) must not hold the program up for ever. */
  private armStallTimer() {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (!this.paused) return;
      const now = Date.now();
      for (const s of this.subscribers.values()) {
        if (!s.behind && s.unacked > this.limits.lowWater && now - s.lastAck >= this.limits.stallMs) {
          s.behind = true;
          this.stats.stalls++;
        }
      }
      this.updatePause();
      if (this.paused) this.armStallTimer();
    }, this.limits.stallMs);
    this.stallTimer.unref?.();
  }
}
