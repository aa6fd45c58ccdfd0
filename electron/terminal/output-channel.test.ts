import { describe, expect, it } from 'vitest';
import type { TerminalOutput } from '../../shared/contract/terminal';
import { OutputChannel } from './output-channel';
import { ScrollbackRing } from './scrollback-ring';

const limits = { highWater: 100, lowWater: 20, batchMs: 20, batchMax: 30, stallMs: 50 };

/** What the channel pauses and resumes: here, a record of its calls (the PTY side is tested with real programs in flow.test.ts). */
const producer = () => {
  const p = { paused: false, calls: [] as string[], pause: () => ((p.paused = true), p.calls.push('pause')), resume: () => ((p.paused = false), p.calls.push('resume')) };
  return p;
};

describe('ScrollbackRing', () => {
  it('keeps the newest characters, addressed by absolute offsets', () => {
    const ring = new ScrollbackRing(10);
    ring.append('abcdef');
    ring.append('ghijkl');
    expect([ring.start, ring.end]).toEqual([2, 12]);
    expect(ring.since(0)).toEqual({ data: 'cdefghijkl', skipped: 2 });
    expect(ring.since(8)).toEqual({ data: 'ijkl', skipped: 0 });
    expect(ring.since(12)).toEqual({ data: '', skipped: 0 });
  });

  it('snapshots start at a line boundary once output has been dropped', () => {
    const ring = new ScrollbackRing(12);
    ring.append('\x1b[31mold line\r\nnew line\r\n');
    expect(ring.snapshot().data).toBe('new line\r\n');
  });
});

describe('OutputChannel', () => {
  it('sends a first write at once, batches the next ones, replays to late subscribers, and pauses the producer while a view lags', async () => {
    const ch = new OutputChannel(1000, limits);
    const p = producer();
    ch.setProducer(p);
    ch.write('early ');
    const events: TerminalOutput[] = [];
    const { stream } = ch.subscribe((e) => events.push(e));
    expect(events).toEqual([{ type: 'replay', stream, data: 'early ', offset: 6, reset: true, skipped: 0 }]);
    ch.write('a');
    ch.write('b');
    await new Promise((r) => setTimeout(r, 60));
    expect(events[1]).toEqual({ type: 'data', data: 'ab', offset: 8 }); // two writes within the window, one message
    await new Promise((r) => setTimeout(r, 30));
    ch.write('c'); // after a quiet spell: at once (a keystroke's echo should not wait)
    expect(events[2]).toEqual({ type: 'data', data: 'c', offset: 9 });
    // A producer that, like a pty, writes only while it is not paused.
    let written = 0;
    for (let i = 0; i < 10 && !p.paused; i++) {
      ch.write('x'.repeat(30));
      written += 30;
    }
    expect(p.paused).toBe(true);
    expect(written).toBeLessThan(300);
    expect(ch.stats.maxUnacked).toBeLessThanOrEqual(limits.highWater + limits.batchMax);
    ch.ack(stream, 8 + written - 30); // still above the low-water mark: stays paused
    expect(p.paused).toBe(true);
    ch.ack(stream, 30);
    expect(p.paused).toBe(false);
    expect(p.calls).toEqual(['pause', 'resume']);
  });

  it('an acknowledgement for another stream (before a reconnection) changes nothing', () => {
    const ch = new OutputChannel(1000, limits);
    const p = producer();
    ch.setProducer(p);
    const { stream } = ch.subscribe(() => {});
    ch.write('x'.repeat(150));
    ch.flush();
    expect(p.paused).toBe(true);
    ch.ack(stream + 1000, 150);
    expect(p.paused).toBe(true);
    ch.ack(stream, 150);
    expect(p.paused).toBe(false);
  });

  it('a view that stops acknowledging is left behind, then caught up from the scrollback with what was skipped', async () => {
    const ch = new OutputChannel(50, limits);
    const p = producer();
    ch.setProducer(p);
    const events: TerminalOutput[] = [];
    const { stream } = ch.subscribe((e) => events.push(e));
    ch.write('y'.repeat(120));
    expect(p.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(p.paused).toBe(false); // the frozen view no longer holds the program up
    expect(ch.stats.stalls).toBe(1);
    const before = events.length;
    ch.write('z'.repeat(200));
    ch.flush();
    expect(events.length).toBe(before); // nothing more is sent to it while it is behind
    ch.ack(stream, 120);
    const catchUp = events.at(-1)!;
    expect(catchUp).toMatchObject({ type: 'replay', reset: false, data: 'z'.repeat(50), skipped: 150, offset: 320 });
  });

  it('ends with the exit after the remaining output, also for views that come later', () => {
    const ch = new OutputChannel(100, limits);
    const events: TerminalOutput[] = [];
    ch.subscribe((e) => events.push(e));
    ch.write('last words');
    ch.end(2, null);
    expect(events.slice(1)).toEqual([
      { type: 'data', data: 'last words', offset: 10 },
      { type: 'exit', exitCode: 2, signal: null },
    ]);
    const late: TerminalOutput[] = [];
    ch.subscribe((e) => late.push(e));
    expect(late.map((e) => e.type)).toEqual(['replay', 'exit']);
  });
});
