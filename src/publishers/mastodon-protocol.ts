import { z } from 'zod';
import type { PublishError } from '../core/ports/publisher.js';
import { kindForStatus, retryAfterFromHeaders } from './errors.js';
import { safeError } from './http.js';
import type { PreflightRules } from './preflight-rules.js';

/**
 * Mastodon REST API (statuses, media v2, accounts): shapes, error classification and the default
 * instance limits. Source: docs.joinmastodon.org — methods/statuses, methods/media,
 * methods/accounts, api/rate-limits, entities/Instance (configuration defaults).
 */

export const mastodonRules: PreflightRules = {
  platform: 'mastodon',
  caption: { maxLength: 500, unit: 'codepoints', required: false },
  media: {
    min: 0,
    max: 4,
    videoAlone: true,
    image: {
      mimeTypes: [
        'image/jpeg',
        'image/png',
        'image/gif',
        'image/webp',
        'image/heic',
        'image/heif',
        'image/avif',
      ],
      maxBytes: 16_777_216,
    },
    video: { mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm', 'video/ogg'], maxBytes: 103_809_024 },
  },
  notes: [
    'Defaults of a stock instance (GET /api/v2/instance configuration); each instance may change them.',
    'Links count as 23 characters towards the limit on the server; this check counts them in full.',
    'Media uploads: 30 per 30 minutes per account; all calls: 300 per 5 minutes.',
    'Idempotency-Key on POST /api/v1/statuses is remembered for 1 hour.',
  ],
};

export const MastodonMedia = z.object({
  id: z.string(),
  type: z.string().optional(),
  url: z.string().nullable().optional(),
});
export const MastodonStatus = z.object({
  id: z.string(),
  created_at: z.string(),
  content: z.string(),
  url: z.string().nullable().optional(),
  uri: z.string().optional(),
});
export const MastodonAccount = z.object({
  id: z.string(),
  username: z.string().optional(),
  acct: z.string().optional(),
});

const MastodonErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });

const PERMANENT_NAMES: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  410: 'gone',
  422: 'validation_failed',
};

/** 401/403/404/422 permanent; 429 rate_limited (Retry-After or X-RateLimit-Reset); 408/5xx transient. */
export function classifyMastodonError(
  status: number,
  body: unknown,
  opts: { headers?: Headers; nowMs?: number; secrets?: readonly (string | undefined)[] } = {},
): PublishError {
  const parsed = MastodonErrorBody.safeParse(body);
  const detail = parsed.success ? parsed.data.error : `HTTP ${status}`;
  const kind = kindForStatus(status);
  const code = status === 429 ? 'rate_limited' : (PERMANENT_NAMES[status] ?? `http_${status}`);
  const retryAfterMs =
    kind === 'rate_limited' && opts.headers
      ? retryAfterFromHeaders(opts.headers, opts.nowMs ?? Date.now())
      : undefined;
  const requestId = opts.headers?.get('x-request-id') ?? undefined;
  return safeError(kind, code, `Mastodon: ${detail} (HTTP ${status})`, opts.secrets, {
    retryAfterMs,
    requestId,
  });
}
