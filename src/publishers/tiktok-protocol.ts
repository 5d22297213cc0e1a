import { z } from 'zod';
import type { PublishError } from '../core/ports/publisher.js';
import { retryAfterFromHeaders } from './errors.js';
import { safeError } from './http.js';
import type { PreflightRules } from './preflight-rules.js';

/**
 * TikTok Content Posting API (Direct Post, PULL_FROM_URL): envelopes, error classification, rules.
 * Sources: developers.tiktok.com/doc/content-posting-api-reference-direct-post,
 * …-reference-get-video-status, tiktok-api-v2-error-handling, tiktok-api-v2-rate-limit.
 */

export const tiktokRules: PreflightRules = {
  platform: 'tiktok',
  caption: { maxLength: 2200, unit: 'utf16', required: false },
  media: {
    min: 1,
    max: 1,
    video: {
      mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'],
      maxBytes: 4 * 1024 ** 3,
      minWidth: 360,
      maxWidth: 4096,
      minHeight: 360,
      maxHeight: 4096,
      minDurationSec: 3,
      maxDurationSec: 600,
    },
  },
  notes: [
    'Direct Post of one video pulled from its URL; the URL prefix must be verified in the TikTok app.',
    'The creator’s max_video_post_duration_sec (creator_info) may be lower than 600 s.',
    'Unaudited API clients can post only SELF_ONLY (private).',
    'Photo posts use a different endpoint and are not supported by this adapter.',
  ],
};

const TikTokErrorBody = z.object({
  code: z.string(),
  message: z.string().optional(),
  log_id: z.string().optional(),
});

/** Every TikTok v2 answer: `{ data, error: { code: 'ok' | …, message, log_id } }`. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ data, error: TikTokErrorBody });
}

export const CreatorInfo = envelope(
  z.object({
    creator_username: z.string().optional(),
    privacy_level_options: z.array(z.string()),
    max_video_post_duration_sec: z.number().optional(),
  }),
);
export const InitResult = envelope(z.object({ publish_id: z.string() }));
export const PublishStatus = envelope(
  z.object({
    status: z.string(),
    fail_reason: z.string().optional(),
    publicaly_available_post_id: z.array(z.union([z.string(), z.number()])).optional(),
  }),
);
export const VideoList = envelope(
  z.object({
    videos: z.array(
      z.object({
        id: z.string(),
        title: z.string().optional(),
        video_description: z.string().optional(),
        create_time: z.number(),
        share_url: z.string().optional(),
      }),
    ),
  }),
);

const AUTH_CODES = new Set(['access_token_invalid', 'scope_not_authorized', 'scope_permission_missed']);
/** "Too many" spam checks are volume caps that lift with time: delay, do not fail. */
const VOLUME_CODES = new Set(['spam_risk_too_many_posts', 'spam_risk_too_many_pending_share']);
const VOLUME_RETRY_MS = 60 * 60_000;
const RATE_WINDOW_MS = 60_000;

/** Maps an error envelope (or bare HTTP status) to kind/code; TikTok's own code becomes ours. */
export function classifyTikTokError(
  status: number,
  body: unknown,
  opts: { headers?: Headers; nowMs?: number; secrets?: readonly (string | undefined)[] } = {},
): PublishError {
  const parsed = z.object({ error: TikTokErrorBody }).safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code ?? `http_${status}`;
  const message = `TikTok: ${error?.message || code} (HTTP ${status})`;
  const retryAfterMs = opts.headers
    ? retryAfterFromHeaders(opts.headers, opts.nowMs ?? Date.now())
    : undefined;
  const make = (kind: 'transient' | 'permanent' | 'rate_limited', retry?: number) =>
    safeError(kind, code, message, opts.secrets, { retryAfterMs: retry, requestId: error?.log_id });

  if (code === 'rate_limit_exceeded' || status === 429)
    return make('rate_limited', retryAfterMs ?? RATE_WINDOW_MS);
  if (VOLUME_CODES.has(code)) return make('rate_limited', retryAfterMs ?? VOLUME_RETRY_MS);
  if (AUTH_CODES.has(code)) return make('permanent');
  if (code === 'internal_error' || status >= 500) return make('transient');
  return make('permanent');
}

const TRANSIENT_FAIL_REASONS = new Set(['internal', 'video_pull_failed', 'photo_pull_failed']);

/** Classifies a status/fetch `FAILED` answer by its `fail_reason`. */
export function classifyTikTokFailReason(reason: string | undefined, publishId: string): PublishError {
  const code = reason ?? 'failed';
  const message = `TikTok rejected publish ${publishId}: ${code}`;
  if (VOLUME_CODES.has(code))
    return safeError('rate_limited', code, message, [], { retryAfterMs: VOLUME_RETRY_MS });
  return safeError(TRANSIENT_FAIL_REASONS.has(code) ? 'transient' : 'permanent', code, message);
}
