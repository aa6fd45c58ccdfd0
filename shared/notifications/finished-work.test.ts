import { describe, expect, it } from 'vitest';
import { formatDuration, shouldNotify } from './finished-work';

const on = { enabled: true, minSeconds: 10 };
const work = (seconds: number) => ({ kind: 'request' as const, startedAt: 1_000_000, endedAt: 1_000_000 + seconds * 1000 });

describe('shouldNotify', () => {
  it('notifies long work that ends while the window is elsewhere', () => {
    expect(shouldNotify(on, work(10), false)).toBe(true);
    expect(shouldNotify(on, work(600), false)).toBe(true);
  });

  it('stays quiet while the person is looking, for short work, and when turned off', () => {
    expect(shouldNotify(on, work(600), true)).toBe(false);
    expect(shouldNotify(on, work(9.9), false)).toBe(false);
    expect(shouldNotify({ enabled: false, minSeconds: 0 }, work(600), false)).toBe(false);
  });

  it('minSeconds 0 notifies everything that ends unseen', () => {
    expect(shouldNotify({ enabled: true, minSeconds: 0 }, work(0), false)).toBe(true);
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });
});
