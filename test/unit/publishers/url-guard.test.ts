import { describe, expect, it } from 'vitest';
import { isAllowed, parseAllowEntry } from '../../../src/publishers/url-guard.js';

describe('HERALD_FETCH_ALLOW entries', () => {
  it.each([
    ['media.intranet', { host: 'media.intranet' }],
    ['Media.Intranet:8080', { host: 'media.intranet', port: 8080 }],
    ['10.0.0.5', { host: '10.0.0.5' }],
    ['2130706433', { host: '127.0.0.1' }],
    ['[fd00::1]:443', { host: '[fd00::1]', port: 443 }],
    ['[::ffff:127.0.0.1]', { host: '[::ffff:7f00:1]' }],
  ])('reads %s as the host the URL parser would see', (entry, parsed) => {
    expect(parseAllowEntry(entry)).toEqual(parsed);
  });

  it.each(['', 'http://media.intranet', 'media.intranet/path', 'user@host', 'host:0', 'host:70000', 'a b'])(
    'refuses %j',
    (entry) => {
      expect(parseAllowEntry(entry)).toBeNull();
    },
  );

  it('matches host and, when the entry names one, the effective port', () => {
    const allow = ['media.intranet', '10.0.0.5:8080', '127.0.0.1:443'];
    expect(isAllowed(new URL('http://media.intranet:9999/a'), allow)).toBe(true);
    expect(isAllowed(new URL('http://10.0.0.5:8080/a'), allow)).toBe(true);
    expect(isAllowed(new URL('http://10.0.0.5/a'), allow)).toBe(false);
    expect(isAllowed(new URL('https://127.0.0.1/a'), allow)).toBe(true);
    expect(isAllowed(new URL('http://127.0.0.1/a'), allow)).toBe(false);
    expect(isAllowed(new URL('http://other.intranet/a'), allow)).toBe(false);
    expect(isAllowed(new URL('http://media.intranet.evil.example/a'), allow)).toBe(false);
  });
});
