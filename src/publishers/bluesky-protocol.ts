import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PublishError } from '../core/ports/publisher.js';
import { kindForStatus, retryAfterFromHeaders } from './errors.js';
import { safeError } from './http.js';
import type { PreflightRules } from './preflight-rules.js';

/**
 * AT Protocol XRPC as a Bluesky PDS speaks it: shapes, error classification, rules, and the
 * deterministic record key. Sources: bluesky-social/atproto lexicons (app.bsky.feed.post,
 * app.bsky.embed.images, com.atproto.repo.*, com.atproto.server.createSession), the PDS source
 * (rkey validated against the lexicon's `key: "tid"`; RateLimit-* headers), atproto.com/specs/tid.
 */

export const blueskyRules: PreflightRules = {
  platform: 'bluesky',
  caption: { maxLength: 300, unit: 'graphemes', maxBytes: 3000, required: false },
  media: {
    min: 0,
    max: 4,
    image: { mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'], maxBytes: 2_000_000 },
  },
  notes: [
    'Images only (app.bsky.embed.images, at most 4, ≤ 2,000,000 bytes each; formerly 1,000,000).',
    'Video needs the video service (app.bsky.embed.video) and is not supported by this adapter.',
    'createSession is limited to 30 per 5 minutes and 300 per day per handle and IP.',
  ],
};

export const Session = z.object({ accessJwt: z.string(), did: z.string(), handle: z.string() });
export const UploadedBlob = z.object({ blob: z.record(z.string(), z.unknown()) });
export const CreatedRecord = z.object({ uri: z.string(), cid: z.string() });
export const FetchedRecord = z.object({ uri: z.string(), cid: z.string().optional(), value: z.unknown() });

const XrpcErrorBody = z.object({ error: z.string(), message: z.string().optional() });

const PERMANENT_ERRORS = new Set([
  'AuthenticationRequired',
  'AccountTakedown',
  'AuthFactorTokenRequired',
  'InvalidToken',
  'InvalidRequest',
  'InvalidSwap',
]);

/**
 * XRPC errors `{ error, message }`: RateLimitExceeded/429 → rate_limited (RateLimit-Reset);
 * ExpiredToken → transient (the next attempt opens a new session); bad credentials, takedowns and
 * invalid records → permanent; 5xx → transient. The XRPC error name becomes the code.
 */
export function classifyBlueskyError(
  status: number,
  body: unknown,
  opts: { headers?: Headers; nowMs?: number; secrets?: readonly (string | undefined)[] } = {},
): PublishError {
  const parsed = XrpcErrorBody.safeParse(body);
  const name = parsed.success ? parsed.data.error : undefined;
  const message = `Bluesky: ${(parsed.success && parsed.data.message) || name || `HTTP ${status}`} (HTTP ${status})`;
  const code = name ?? `http_${status}`;
  let kind = kindForStatus(status);
  if (name === 'RateLimitExceeded') kind = 'rate_limited';
  else if (name === 'ExpiredToken') kind = 'transient';
  else if (name && PERMANENT_ERRORS.has(name) && status < 500) kind = 'permanent';
  const retryAfterMs =
    kind === 'rate_limited' && opts.headers
      ? retryAfterFromHeaders(opts.headers, opts.nowMs ?? Date.now())
      : undefined;
  return safeError(kind, code, message, opts.secrets, { retryAfterMs });
}

const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
const FROM_US = 1_672_531_200_000_000n; // 2023-01-01T00:00:00Z in microseconds
const SPAN_US = 365n * 86_400n * 1_000_000n;

/**
 * A valid TID (13 chars, base32-sortable, top bit 0) derived from the idempotency key, so every
 * attempt of a job writes the same record key and a second create cannot make a second post.
 * app.bsky.feed.post declares `key: "tid"`, so arbitrary strings are refused by the PDS. The
 * timestamp bits are hashed into 2023 — never in the future; clients sort by `createdAt`, not rkey.
 */
export function recordKeyFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest();
  const micros = FROM_US + (digest.readBigUInt64BE(0) % SPAN_US);
  const clockId = BigInt(digest.readUInt16BE(8) & 0x3ff);
  let value = (micros << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = BASE32_SORTABLE[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** TID syntax check as the spec states it (also used by the fake PDS). */
export function isTid(value: string): boolean {
  return /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(value);
}
