import { describe, expect, it } from 'vitest';
import { checkSlot, type SlotVerdict } from '../../../../src/core/domain/conflicts.js';

const at = (s: string): Date => new Date(s);
const slot = (postId: string, iso: string) => ({ postId, at: at(iso) });

function refused(v: SlotVerdict): Extract<SlotVerdict, { ok: false }> {
  if (v.ok) throw new Error('expected a refusal');
  return v;
}

describe('checkSlot (SPEC §4 conflicts and caps)', () => {
  const base = { zone: 'Europe/Paris', minGapMinutes: 60, dailyCap: 3 };

  it('accepts a slot with no other posts', () => {
    expect(checkSlot({ ...base, candidate: at('2026-12-01T08:00:00Z'), existing: [] })).toEqual({ ok: true });
  });

  it('accepts a slot exactly the minimum gap away', () => {
    const existing = [slot('p1', '2026-12-01T08:00:00Z')];
    expect(checkSlot({ ...base, candidate: at('2026-12-01T09:00:00Z'), existing }).ok).toBe(true);
    expect(checkSlot({ ...base, candidate: at('2026-12-01T07:00:00Z'), existing }).ok).toBe(true);
  });

  it('refuses a slot closer than the gap, naming the nearest post and the next free slot', () => {
    const existing = [slot('p1', '2026-12-01T08:00:00Z'), slot('p2', '2026-12-01T08:40:00Z')];
    const v = refused(checkSlot({ ...base, candidate: at('2026-12-01T08:30:00Z'), existing }));
    expect(v.reason).toBe('min_gap');
    expect(v.conflictWith.postId).toBe('p2');
    expect(v.nextFreeSlot.toISOString()).toBe('2026-12-01T09:40:00.000Z');
    expect(v.message).toContain('p2');
    expect(v.message).toContain('Tue 1 Dec 2026 09:40 CET');
    expect(v.message).toContain('Tue 1 Dec 2026 10:40 CET');
  });

  it('walks past a whole chain of posts to the first gap that is wide enough', () => {
    const existing = ['08:00', '09:00', '10:00', '11:30'].map((t, i) => slot(`p${i}`, `2026-12-01T${t}:00Z`));
    const v = refused(checkSlot({ ...base, dailyCap: 0, candidate: at('2026-12-01T08:10:00Z'), existing }));
    expect(v.nextFreeSlot.toISOString()).toBe('2026-12-01T12:30:00.000Z');
  });

  it('counts the daily cap per local day of the account zone, not per UTC day', () => {
    const sydney = { zone: 'Australia/Sydney', minGapMinutes: 0, dailyCap: 2 };
    // Both on Tue 1 Dec in Sydney (AEDT, UTC+11), though on different UTC days.
    const existing = [slot('a', '2026-11-30T20:00:00Z'), slot('b', '2026-12-01T02:00:00Z')];
    const v = refused(checkSlot({ ...sydney, candidate: at('2026-12-01T05:00:00Z'), existing }));
    expect(v.reason).toBe('daily_cap');
    expect(v.conflictWith.postId).toBe('b');
    expect(v.nextFreeSlot.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(checkSlot({ ...sydney, candidate: at('2026-12-01T13:00:00Z'), existing }).ok).toBe(true);
  });

  it('moves to the next local midnight across a DST change (New York, 8 Mar 2026)', () => {
    const ny = { zone: 'America/New_York', minGapMinutes: 0, dailyCap: 1 };
    const existing = [slot('a', '2026-03-07T15:00:00Z')];
    const v = refused(checkSlot({ ...ny, candidate: at('2026-03-07T20:00:00Z'), existing }));
    expect(v.nextFreeSlot.toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('applies the gap after skipping a full day', () => {
    const existing = [slot('a', '2026-12-01T10:00:00Z'), slot('b', '2026-12-01T23:30:00Z')];
    const v = refused(
      checkSlot({
        zone: 'UTC',
        minGapMinutes: 60,
        dailyCap: 1,
        candidate: at('2026-12-01T15:00:00Z'),
        existing,
      }),
    );
    expect(v.reason).toBe('daily_cap');
    expect(v.nextFreeSlot.toISOString()).toBe('2026-12-02T00:30:00.000Z');
  });

  it('ignores the post being rescheduled', () => {
    const existing = [slot('self', '2026-12-01T08:00:00Z')];
    const v = checkSlot({ ...base, candidate: at('2026-12-01T08:30:00Z'), existing, ignorePostId: 'self' });
    expect(v.ok).toBe(true);
  });

  it('treats 0 as "no rule"', () => {
    const existing = [slot('a', '2026-12-01T08:00:00Z'), slot('b', '2026-12-01T08:00:00Z')];
    expect(
      checkSlot({
        zone: 'UTC',
        minGapMinutes: 0,
        dailyCap: 0,
        candidate: at('2026-12-01T08:00:00Z'),
        existing,
      }).ok,
    ).toBe(true);
  });
});
