import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../../src/core/language/edit-distance.js';
import { parseWhen, resolveZone, suggestZones } from '../../../../src/core/language/index.js';

describe('zone names', () => {
  it('accepts IANA names in any case and spells them canonically', () => {
    expect(resolveZone('europe/paris')).toBe('Europe/Paris');
    expect(resolveZone('AMERICA/NEW_YORK')).toBe('America/New_York');
    expect(resolveZone('UTC')).toBe('UTC');
    expect(resolveZone('Etc/UTC')).toBe('UTC');
  });

  it('accepts the modern names Node does not list (Kolkata, Kathmandu, Kyiv) and the legacy ones', () => {
    expect(resolveZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(resolveZone('asia/kathmandu')).toBe('Asia/Kathmandu');
    expect(resolveZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(resolveZone('Asia/Calcutta')).toBe('Asia/Calcutta');
    expect(resolveZone('US/Eastern')).toBe('America/New_York');
  });

  it('refuses abbreviations and made-up names', () => {
    for (const name of ['EST', 'CET', 'IST', 'PST', 'Europe/Pari', 'Mars/Olympus', '', 'x'.repeat(100)]) {
      expect(resolveZone(name)).toBeNull();
    }
  });

  it('suggests the closest valid names', () => {
    expect(suggestZones('Europe/Pari')).toEqual(['Europe/Paris']);
    expect(suggestZones('Europe/Pairs')[0]).toBe('Europe/Paris');
    expect(suggestZones('america/new york')[0]).toBe('America/New_York');
    expect(suggestZones('Kolkata')).toContain('Asia/Kolkata');
    expect(suggestZones('EST')).toEqual(['America/New_York', 'America/Toronto']);
    expect(suggestZones('IST', 1)).toEqual(['Asia/Kolkata']);
    expect(suggestZones('qqqqqqqqqqqq')).toEqual([]);
  });

  it('puts the suggestions and a working example in the error', () => {
    const r = parseWhen('tomorrow 9am tz:Europe/Pari', {
      now: new Date('2026-11-21T10:00:00Z'),
      zone: 'UTC',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('UNKNOWN_TIMEZONE');
    expect(r.error.message).toBe('"Europe/Pari" is not a time zone I know. Did you mean Europe/Paris?');
    expect(r.error.hint).toBe('tomorrow 9am tz:Europe/Paris');
  });

  it('measures edit distance with transpositions and gives up past the limit', () => {
    expect(editDistance('paris', 'pairs')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz123', 2)).toBe(3);
  });

  it('refuses empty and blank names, and names carrying control characters', () => {
    for (const name of [
      '',
      ' ',
      '\t',
      'Europe/Paris\u0000',
      '\u0000Europe/Paris',
      'Europe/Paris\n',
      'Europe/\u0007Paris',
    ]) {
      expect(resolveZone(name)).toBeNull();
    }
    expect(resolveZone(' Europe/Paris ')).toBe('Europe/Paris');
  });

  it('refuses tz: forms that are empty or carry control characters, suggesting a zone', () => {
    const ctx = { now: new Date('2026-11-21T10:00:00Z'), zone: 'UTC' };
    const empty = parseWhen('tomorrow 9am tz:', ctx);
    expect(empty).toMatchObject({
      ok: false,
      error: {
        code: 'UNKNOWN_TIMEZONE',
        message: 'No time zone was named. Zone names look like Europe/Paris.',
      },
    });
    for (const text of ['tomorrow 9am tz:Europe/Paris\u0000', 'tz:Europe\u0007/Paris tomorrow 9am']) {
      const r = parseWhen(text, ctx);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('UNKNOWN_TIMEZONE');
      expect(r.error.message).toContain('Did you mean Europe/Paris?');
      expect([...r.error.message].every((c) => c.charCodeAt(0) >= 32)).toBe(true);
      expect(parseWhen(r.error.hint, ctx).ok).toBe(true);
    }
    const badDefault = parseWhen('tomorrow 9am', { ...ctx, zone: 'Europe/Paris\u0000' });
    expect(badDefault).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TIMEZONE', hint: 'tomorrow 9am tz:Europe/Paris' },
    });
    expect(parseWhen('tomorrow 9am', { ...ctx, zone: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TIMEZONE' },
    });
  });
});
