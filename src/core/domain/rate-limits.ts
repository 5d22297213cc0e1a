import type { Platform } from './types.js';

export interface RateLimit {
  /** Most publishes per account inside any window of this length. */
  max: number;
  windowMs: number;
}

const HOUR = 3_600_000;

/**
 * Per-account publishing limits from each platform's published numbers
 * (docs/product.md#platform-limits), applied as a sliding window over our own publish history;
 * a hit delays the job, it is not a failed attempt.
 * Instagram: 50 API-published posts per rolling 24 h (content_publishing_limit `quota_total`).
 * TikTok: the Content Posting API allows about 15 posts per creator per day.
 * Mastodon: 300 statuses per 3 h per account (stock rate limits).
 * Bluesky: 1,666 record creations per hour per account (PDS write limit, 5,000 points at 3 each).
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Platform, RateLimit | null>> = {
  instagram: { max: 50, windowMs: 24 * HOUR },
  tiktok: { max: 15, windowMs: 24 * HOUR },
  mastodon: { max: 300, windowMs: 3 * HOUR },
  bluesky: { max: 1666, windowMs: HOUR },
  webhook: null,
  dryrun: null,
};

/**
 * Given the publish times of the account inside the window (oldest first), when may the next
 * publish happen? `null` when now is fine; else the instant the oldest one leaves the window.
 */
export function nextAllowedAt(
  limit: RateLimit | null,
  publishedInWindow: readonly Date[],
  now: Date,
): Date | null {
  if (!limit || publishedInWindow.length < limit.max) return null;
  const oldestThatMustExpire = publishedInWindow[publishedInWindow.length - limit.max] as Date;
  const at = new Date(oldestThatMustExpire.getTime() + limit.windowMs);
  return at.getTime() > now.getTime() ? at : null;
}
