import { afterEach, describe, expect, it, vi } from 'vitest';
import { RandomIds } from '../../../src/infra/random-ids.js';

afterEach(() => vi.useRealTimers());

describe('RandomIds', () => {
  it('never repeats and keeps creation order for 100,000 ids made in one millisecond', () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T00:00:00Z'), toFake: ['Date'] });
    const ids = new RandomIds();
    const made = Array.from({ length: 100_000 }, () => ids.next('pst'));
    expect(new Set(made).size).toBe(made.length);
    for (let i = 1; i < made.length; i += 1) expect(made[i]! > made[i - 1]!).toBe(true);
  });

  it('keeps order when the clock steps back', () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T00:00:01Z'), toFake: ['Date'] });
    const ids = new RandomIds();
    const first = ids.next('job');
    vi.setSystemTime(new Date('2026-11-22T00:00:00Z'));
    expect(ids.next('job') > first).toBe(true);
  });

  it('reads as prefix, 9 time and 6 random characters of lower-case Crockford base32', () => {
    expect(new RandomIds().next('aud')).toMatch(/^aud_[0-9a-hjkmnp-tv-z]{15}$/);
  });
});
