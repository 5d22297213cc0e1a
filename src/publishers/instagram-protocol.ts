import { z } from 'zod';
import type { PublishError } from '../core/ports/publisher.js';
import { retryAfterFromHeaders } from './errors.js';
import { safeError } from './http.js';
import type { PreflightRules } from './preflight-rules.js';

/**
 * Instagram Graph API content publishing: response shapes, error classification and media rules.
 * Sources: developers.facebook.com/docs/instagram-platform (IG User Media, IG Container,
 * content_publishing_limit, Error Codes) and /docs/graph-api/guides/error-handling.
 */

export const instagramRules: PreflightRules = {
  platform: 'instagram',
  caption: { maxLength: 2200, unit: 'utf16', maxHashtags: 30, maxMentions: 20, required: false },
  media: {
    min: 1,
    max: 10,
    image: {
      mimeTypes: ['image/jpeg'],
      maxBytes: 8 * 1024 * 1024,
      minAspectRatio: 4 / 5,
      maxAspectRatio: 1.91,
    },
    video: {
      mimeTypes: ['video/mp4', 'video/quicktime'],
      maxBytes: 1_000_000_000,
      minAspectRatio: 0.01,
      maxAspectRatio: 10,
      minDurationSec: 3,
      maxDurationSec: 15 * 60,
    },
  },
  notes: [
    'One item publishes as IMAGE or REELS; 2–10 items publish as a CAROUSEL.',
    'Images: JPEG only, ≤ 8 MiB, aspect 4:5–1.91:1; widths outside 320–1440 px are rescaled by Instagram.',
    'Reels: MP4/MOV, 3 s–15 min, aspect 0.01:1–10:1 (9:16 recommended); size cap 1 GB (older docs: 300 MB).',
    'Publishing limit per 24 h comes from GET /{ig-user-id}/content_publishing_limit (config.quota_total).',
  ],
};

export const ContainerCreated = z.object({ id: z.string() });
export const ContainerStatus = z.object({
  id: z.string().optional(),
  status_code: z.enum(['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED']),
  status: z.string().optional(),
});
export const MediaPublished = z.object({ id: z.string() });
export const MediaPermalink = z.object({ id: z.string(), permalink: z.string().optional() });
export const RecentMedia = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      caption: z.string().optional(),
      permalink: z.string().optional(),
      timestamp: z.string(),
    }),
  ),
});
export const PublishingLimit = z.object({
  data: z.array(
    z.object({
      quota_usage: z.number(),
      config: z.object({ quota_total: z.number(), quota_duration: z.number() }).optional(),
    }),
  ),
});

const GraphError = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const THROTTLING_CODES = new Set([4, 17, 32, 613]);
const TRANSIENT_CODES = new Set([1, 2, -1, -2]);
const SUBCODE_SPAM_RESTRICTED = 2207051;
const SUBCODE_PUBLISH_LIMIT = 2207042;
const DAILY_LIMIT_RETRY_MS = 60 * 60_000;

/**
 * Maps a Graph API error answer to kind/code. Subcodes are read first: code 4 with subcode 2207051
 * is a spam restriction (permanent), not throttling. Pure apart from reading the given headers.
 */
export function classifyInstagramError(
  status: number,
  body: unknown,
  opts: { headers?: Headers; nowMs?: number; secrets?: readonly (string | undefined)[] } = {},
): PublishError {
  const parsed = GraphError.safeParse(body);
  const e: z.infer<typeof GraphError>['error'] = parsed.success ? parsed.data.error : {};
  const code = e.code;
  const detail = `Instagram: ${e.message ?? `HTTP ${status}`}${code === undefined ? '' : ` (code ${code}${e.error_subcode ? `/${e.error_subcode}` : ''})`}`;
  const retryAfterMs = opts.headers ? retryAfterHint(opts.headers, opts.nowMs ?? Date.now()) : undefined;
  const make = (kind: 'transient' | 'permanent' | 'rate_limited', name: string, retry?: number) =>
    safeError(kind, name, detail, opts.secrets, { retryAfterMs: retry, requestId: e.fbtrace_id });

  if (e.error_subcode === SUBCODE_SPAM_RESTRICTED) return make('permanent', 'policy_restricted');
  if (e.error_subcode === SUBCODE_PUBLISH_LIMIT || code === 9) {
    return make('rate_limited', 'publish_limit_reached', retryAfterMs ?? DAILY_LIMIT_RETRY_MS);
  }
  if (code === 190) return make('permanent', 'token_invalid');
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return make('permanent', 'permission_denied');
  if (code === 368) return make('permanent', 'policy_blocked');
  if ((code !== undefined && THROTTLING_CODES.has(code)) || status === 429) {
    return make('rate_limited', 'rate_limited', retryAfterMs);
  }
  if (e.is_transient === true || (code !== undefined && TRANSIENT_CODES.has(code)) || status >= 500) {
    return make('transient', status >= 500 ? `http_${status}` : 'platform_transient');
  }
  return make('permanent', code === undefined ? `http_${status}` : 'rejected');
}

/**
 * Retry-After when sent; else the Business Use Case header's `estimated_time_to_regain_access`
 * (minutes), the Graph API's way of saying how long throttling lasts.
 */
function retryAfterHint(headers: Headers, nowMs: number): number | undefined {
  const explicit = retryAfterFromHeaders(headers, nowMs);
  if (explicit !== undefined) return explicit;
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const usage = JSON.parse(raw) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => u.estimated_time_to_regain_access ?? 0);
    const max = Math.max(0, ...minutes);
    return max > 0 ? max * 60_000 : undefined;
  } catch {
    return undefined;
  }
}
