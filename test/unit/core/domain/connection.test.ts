import { describe, expect, it } from 'vitest';
import { openGrant, refreshAtFor, sealGrant } from '../../../../src/core/domain/connection.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('token grants in the vault', () => {
  it('keeps a grant with its refresh token and expiries, and reads it back the same', () => {
    const grant = {
      accessToken: 'act.1',
      refreshToken: 'rft.1',
      expiresAt: at(DAY),
      refreshExpiresAt: at(365 * DAY),
    };
    expect(openGrant(sealGrant(grant))).toEqual(grant);
  });

  it('reads a pasted token (stored before connections existed) as an access token alone', () => {
    expect(openGrant('EAAB-pasted-token')).toEqual({ accessToken: 'EAAB-pasted-token' });
  });
});

describe('when a token is refreshed', () => {
  it('refreshes TikTok’s day-long token a tenth of its life ahead (2.4 hours)', () => {
    expect(refreshAtFor('tiktok', at(DAY), NOW)).toEqual(at(DAY - 2.4 * HOUR));
  });

  it('refreshes a token that expires in 5 minutes at once', () => {
    expect(refreshAtFor('tiktok', at(5 * MINUTE), NOW).getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it('refreshes a Bluesky session (2 hours) at least 10 minutes ahead', () => {
    expect(refreshAtFor('bluesky', at(2 * HOUR), NOW)).toEqual(at(2 * HOUR - 12 * MINUTE));
  });

  it('refreshes Instagram’s 60-day token at most a week ahead, and never in its first day', () => {
    expect(refreshAtFor('instagram', at(60 * DAY), NOW)).toEqual(at(54 * DAY));
    expect(refreshAtFor('instagram', at(26 * HOUR), NOW)).toEqual(at(DAY));
    expect(refreshAtFor('instagram', at(2 * HOUR), NOW)).toEqual(at(2 * HOUR - MINUTE));
  });
});
