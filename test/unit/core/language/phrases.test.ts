import { describe, expect, it } from 'vitest';
import { nextOccurrences } from '../../../../src/core/language/index.js';
import { PHRASE_GROUPS, PHRASES, type PhraseCase } from './phrases.js';
import { runCase } from './run-case.js';

function check(c: PhraseCase): void {
  const result = runCase(c);
  const e = c.expect;
  if (e.kind === 'error') {
    expect(result.ok ? result.value : result.error.code).toBe(e.code);
    return;
  }
  if (!result.ok)
    throw new Error(`expected a ${e.kind} result, got ${result.error.code}: ${result.error.message}`);
  const value = result.value;
  expect(value.kind).toBe(e.kind);
  if (e.zone) expect(value.zone).toBe(e.zone);
  if (e.kind === 'once') {
    expect(value.instant.toISOString()).toBe(e.instant);
    if (e.local) expect(value.local).toBe(e.local);
    return;
  }
  if (value.kind !== 'recurring') return;
  if (e.rrule) expect(value.rrule).toBe(e.rrule);
  expect(value.instant.toISOString()).toBe(e.occurrences[0]);
  const asked = e.occurrences.length + (e.complete ? 2 : 0);
  expect(nextOccurrences(value, asked).map((d) => d.toISOString())).toEqual(e.occurrences);
}

describe('the phrase table', () => {
  it('has at least 150 phrases', () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(150);
  });

  it('covers a southern-hemisphere zone, a 30/45-minute offset, and both DST zones', () => {
    const zones = new Set(PHRASES.map((c) => c.zone));
    for (const zone of ['Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Kathmandu']) {
      expect(zones).toContain(zone);
    }
    const dstYears = PHRASE_GROUPS.dstOnce!.concat(PHRASE_GROUPS.dstSeries!).map(
      (c) => `${c.zone} ${c.now.slice(0, 4)}`,
    );
    for (const key of [
      'America/New_York 2026',
      'America/New_York 2027',
      'Europe/London 2026',
      'Europe/London 2027',
    ]) {
      expect(dstYears).toContain(key);
    }
  });

  for (const [group, cases] of Object.entries(PHRASE_GROUPS)) {
    describe(group, () => {
      for (const c of cases) {
        it(`${JSON.stringify(c.text)} in ${c.zone}${c.now === PHRASES[0]!.now ? '' : ` at ${c.now}`}`, () =>
          check(c));
      }
    });
  }
});
