import type { Account, Platform, PublishJob } from '../domain/types.js';
import type { PostView } from '../use-cases/list-posts.js';
import { TOKEN_WARNING_MS } from '../use-cases/warn-expiring-tokens.js';
import type { Badge } from './card.js';

/** Platforms that refuse a post without media (an Instagram or TikTok post is its media). */
const MEDIA_REQUIRED: readonly Platform[] = ['instagram', 'tiktok'];
/** Platforms that publish without a stored token (dryrun records only; webhook signs with a shared secret). */
const NO_TOKEN: readonly Platform[] = ['dryrun', 'webhook'];

/**
 * The readiness badges of one post (docs/product.md#readiness-badges): what would stop it
 * publishing (missing media, missing or expiring token) and where each job stands (awaiting approval, retrying n/3, failed,
 * published with its link). Pure: the caller passes `now` and the retry budget.
 */
export function readinessBadges(view: PostView, now: Date, retries = 3): Badge[] {
  const badges: Badge[] = [];
  const platforms = view.accounts.map((a) => a.platform);
  if (view.post.media.length === 0 && platforms.some((p) => MEDIA_REQUIRED.includes(p)))
    badges.push({ kind: 'missing_media', text: 'missing media' });
  for (const account of view.accounts) badges.push(...tokenBadges(account, now));
  for (const job of view.jobs) {
    const badge = jobBadge(job, view.accounts, retries);
    if (badge && !badges.some((b) => b.kind === badge.kind && b.text === badge.text)) badges.push(badge);
  }
  return badges;
}

function tokenBadges(account: Account, now: Date): Badge[] {
  if (NO_TOKEN.includes(account.platform)) return [];
  const connection = account.connection;
  if (connection?.status === 'needs_reconnect')
    return [{ kind: 'token_missing', text: `@${account.handle}: needs reconnect` }];
  if (!account.credentialId) return [{ kind: 'token_missing', text: `@${account.handle}: not connected` }];
  const expires = account.tokenExpiresAt;
  // A token Herald refreshes before it expires is not "expiring" (TikTok's lasts a day).
  if (!expires || (connection?.status === 'connected' && connection.refreshAt)) return [];
  if (expires.getTime() <= now.getTime())
    return [{ kind: 'token_missing', text: `@${account.handle}: token expired` }];
  if (expires.getTime() - now.getTime() <= TOKEN_WARNING_MS)
    return [
      {
        kind: 'token_expiring',
        text: `@${account.handle}: token expires ${expires.toISOString().slice(0, 10)}`,
      },
    ];
  return [];
}

function jobBadge(job: PublishJob, accounts: Account[], retries: number): Badge | null {
  const who = accounts.length > 1 ? `@${accounts.find((a) => a.id === job.accountId)?.handle ?? '?'} ` : '';
  switch (job.status) {
    case 'awaiting_approval':
      return { kind: 'awaiting_approval', text: 'awaiting approval' };
    case 'suggested':
      return { kind: 'suggested', text: 'suggested — waits for "Publish now"' };
    case 'scheduled':
    case 'publishing':
      return { kind: 'scheduled', text: job.status };
    case 'retry_wait':
      return { kind: 'retrying', text: `${who}retrying (${Math.min(job.failureCount, retries)}/${retries})` };
    case 'needs_attention':
      return { kind: 'needs_attention', text: `${who}needs attention` };
    case 'failed':
      return { kind: 'failed', text: `${who}failed` };
    case 'published':
      return {
        kind: 'published',
        text: `${who}published`,
        ...(job.platformUrl ? { url: job.platformUrl } : {}),
      };
    case 'cancelled':
      return { kind: 'cancelled', text: 'cancelled' };
  }
}
