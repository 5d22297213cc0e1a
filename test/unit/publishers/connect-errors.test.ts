import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../../src/publishers/connect/bluesky-connector.js';
import { connectFailure } from '../../../src/publishers/connect/oauth-http.js';

const answer = (status: number, json: unknown) => ({
  status,
  json,
  headers: new Headers(),
  text: JSON.stringify(json),
});

describe('what a platform’s OAuth answer means', () => {
  it('an invalid or revoked grant needs a reconnect (TikTok, Graph API 190, a PDS’s ExpiredToken)', () => {
    expect(
      connectFailure(
        answer(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid' }),
        'x',
      ).kind,
    ).toBe('revoked');
    expect(
      connectFailure(
        answer(400, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } }),
        'x',
      ).kind,
    ).toBe('revoked');
    expect(
      connectFailure(answer(400, { error: 'ExpiredToken', message: 'Token has expired' }), 'x').kind,
    ).toBe('revoked');
  });

  it('a refused request is said to the person; a 5xx or 429 is tried again later', () => {
    const wrong = connectFailure(
      answer(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }),
      'Bluesky createSession',
    );
    expect(wrong.kind).toBe('rejected');
    expect(wrong.message).toBe(
      'Bluesky createSession → HTTP 401: AuthenticationRequired (Invalid identifier or password)',
    );
    expect(connectFailure(answer(503, {}), 'x').kind).toBe('transient');
    expect(connectFailure(answer(429, { error: 'rate_limit_exceeded' }), 'x').kind).toBe('transient');
  });

  it('never repeats a secret the platform echoed back', () => {
    const failure = connectFailure(
      answer(400, { error: 'invalid_request', error_description: 'bad token act.SECRET' }),
      'x',
      {
        secrets: ['act.SECRET'],
      },
    );
    expect(failure.message).not.toContain('act.SECRET');
    expect(failure.message).toContain('[redacted]');
  });

  it('reads when a session JWT expires from its exp claim, and nothing from a token that is not a JWT', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1_800_000_000 })).toString('base64url');
    expect(jwtExpiry(`h.${payload}.s`)).toBe(1_800_000_000_000);
    expect(jwtExpiry('access-1234')).toBeUndefined();
  });
});
