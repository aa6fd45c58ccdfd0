import { afterEach, describe, expect, it } from 'vitest';
import { makeService, TEST_SHELL, watch } from './test-support';
import type { TerminalService } from './terminal-service';

// Flow control against real programs on a real pty: floods, stalled views, exits while paused.
const services: TerminalService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

const MB = 1024 * 1024;

describe('flow control', () => {
  it('a 100 MB flood completes, every character delivered, with bounded host memory', async () => {
    const svc = await makeService();
    services.push(svc);
    const t = await svc.createShell();
    // A view slower than the program (at most 256 K characters per 5 ms), as a busy renderer is.
    let stream = 0;
    let queued = 0;
    let maxQueued = 0;
    let received = 0;
    let tail = '';
    t.output.subscribe((e) => {
      if (e.type === 'exit') return;
      if (e.type === 'replay') stream = e.stream;
      received += e.data.length;
      queued += e.data.length;
      maxQueued = Math.max(maxQueued, queued);
      tail = (tail + e.data).slice(-300);
    });
    const consumer = setInterval(() => {
      const n = Math.min(queued, 256 * 1024);
      queued -= n;
      if (n) t.output.ack(stream, n);
    }, 5);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    try {
      await waitUntil(() => tail.includes('PROMPT$ '));
      const start = received;
      t.write("head -c 104857600 /dev/zero | tr '\\0' x; echo; echo flood-done-$((40+2))\r");
      await waitUntil(() => tail.includes('flood-done-42'), 180_000);
      const flood = received - start;
      expect(flood).toBeGreaterThanOrEqual(100 * MB);
      expect(flood).toBeLessThan(100 * MB + 500); // the echoed command, a newline and the marker line
      // Back-pressure held: the view never had more outstanding than the high-water mark, plus a
      // batch, plus the one read (64 KB) node-pty may deliver after it was paused…
      expect(maxQueued).toBeLessThanOrEqual(1_000_000 + 128 * 1024 + 64 * 1024);
      expect(t.output.stats.pauses).toBeGreaterThan(0);
      // …so the host did not hold the flood (100 M characters would be 200 MB as JS strings).
      expect((peak - baseline) / MB).toBeLessThan(150);
    } finally {
      clearInterval(consumer);
      clearInterval(sampler);
    }
  }, 240_000);

  it('a frozen view does not hold the program up; it is caught up (with what it missed noted) when it returns', async () => {
    const svc = await makeService({ ...TEST_SHELL, reattachBufferKb: 16 }, { flow: { highWater: 50_000, lowWater: 10_000, batchMs: 5, batchMax: 16_384, stallMs: 300 } });
    services.push(svc);
    const t = await svc.createShell();
    const live = watch(t);
    const frozen = watch(t, { ack: false });
    await live.until('PROMPT$ ');
    t.write("head -c 2000000 /dev/zero | tr '\\0' y; echo; echo done-$((1+1))\r");
    await live.until('done-2', 30_000);
    expect(t.output.stats.stalls).toBeGreaterThan(0);
    expect(frozen.text).not.toContain('done-2');
    // The frozen view wakes up and acknowledges what it had.
    t.output.ack(frozen.stream, frozen.text.length);
    const catchUp = frozen.events.at(-1)!;
    expect(catchUp).toMatchObject({ type: 'replay', reset: false });
    expect((catchUp as { skipped: number }).skipped).toBeGreaterThan(1_000_000);
    expect(frozen.text).toContain('done-2');
  });

  it('output written while the host is paused is not lost when the program exits', async () => {
    // The program prints, pauses the host (a view that never acknowledges and never stalls out), then writes its last output and exits.
    const svc = await makeService(
      { shell: '/bin/sh', args: ['-c', 'echo START; sleep 0.5; head -c 3000 /dev/zero | tr "\\0" y; echo END'] },
      { flow: { highWater: 1, lowWater: 0, batchMs: 1, batchMax: 1, stallMs: 60_000 } },
    );
    services.push(svc);
    const t = await svc.createShell();
    let raw = '';
    t.programData.on((d) => (raw += d));
    const view = watch(t, { ack: false });
    await waitUntil(() => t.output.isPaused);
    expect(await view.exited()).toMatchObject({ exitCode: 0 });
    expect(raw).toContain('y'.repeat(3000));
    expect(raw).toContain('END');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
