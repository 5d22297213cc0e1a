import { openGrant } from '../domain/connection.js';
import { captionFor } from '../domain/planned-time.js';
import { DEFAULT_RATE_LIMITS, nextAllowedAt } from '../domain/rate-limits.js';
import type { Account, Campaign, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { Publisher } from '../ports/publisher.js';
import type { CoreDeps } from './deps.js';

export type PreflightOutcome =
  | { ok: true; token: string | undefined }
  | { ok: false; code: string; message: string }
  | { ok: 'later'; until: Date; code: string; message: string };

type Deps = Pick<CoreDeps, 'clock' | 'jobs' | 'vault' | 'mediaInspector' | 'settings'>;

/**
 * Everything that must hold before an attempt is recorded (docs/product.md#preflight): approval
 * on record where the campaign requires it, a credential present, decryptable and unexpired, media reachable
 * and acceptable to the platform, and the account's rate limit not exhausted (that one only
 * delays the job). Returns the decrypted token for the attempt.
 */
export async function preflight(
  deps: Deps,
  ctx: { job: PublishJob; account: Account; post: Post; campaign: Campaign | null; publisher?: Publisher },
): Promise<PreflightOutcome> {
  const { job, account, post, campaign } = ctx;
  if (campaign?.mode === 'approval' && !job.approval) {
    return {
      ok: false,
      code: 'approval_missing',
      message: 'This campaign needs an approval on record before publishing.',
    };
  }
  const credential = await checkCredential(deps, account);
  if (credential.ok !== true) return credential;
  const problems = await deps.mediaInspector.inspect(
    job.platform,
    captionFor(post, job.accountId),
    post.media,
  );
  if (problems.length > 0) {
    return {
      ok: false,
      code: problems[0]?.code ?? 'media_rejected',
      message: problems.map((p) => p.message).join(' '),
    };
  }
  const limit = deps.settings.rateLimits?.[job.platform] ?? DEFAULT_RATE_LIMITS[job.platform];
  if (limit) {
    const now = deps.clock.now();
    const recent = await deps.jobs.publishedSince(
      job.workspaceId,
      job.accountId,
      new Date(now.getTime() - limit.windowMs),
    );
    const until = nextAllowedAt(limit, recent, now);
    if (until) {
      const message = `@${account.handle} reached ${job.platform}'s limit of ${limit.max} posts per ${Math.round(limit.windowMs / 3_600_000)} h; waiting until ${until.toISOString()}.`;
      return { ok: 'later', until, code: 'rate_limited', message };
    }
  }
  if (credential.ok === true && ctx.publisher) {
    const exhausted = await platformQuotaExhausted(deps, ctx.publisher, account, credential.token);
    if (exhausted) return exhausted;
  }
  return credential;
}

/** How long past its expiry a refreshable token may still be awaited before the job needs a person. */
const REFRESH_GRACE_MS = 3_600_000;

/** How long a job waits before asking again when the platform says its limit is used up. */
export const QUOTA_RECHECK_MS = 3_600_000;

/**
 * The platform's own count (Instagram's 24-hour publishing limit, docs/product.md#platform-limits).
 * When it cannot be read, the attempt goes ahead: a refusal then comes back as a rate limit, never as a failure.
 */
async function platformQuotaExhausted(
  deps: Deps,
  publisher: Publisher,
  account: Account,
  token: string | undefined,
): Promise<PreflightOutcome | null> {
  const quota = await publisher.publishingQuota?.(account, token).catch(() => null);
  if (!quota || quota.used < quota.total) return null;
  const until = new Date(deps.clock.now().getTime() + Math.min(QUOTA_RECHECK_MS, quota.windowMs));
  const hours = Math.round(quota.windowMs / 3_600_000);
  return {
    ok: 'later',
    until,
    code: 'platform_limit_reached',
    message: `@${account.handle} used ${quota.used} of ${account.platform}'s ${quota.total} posts per ${hours} h (as ${account.platform} reports it, posts made outside Herald included); checking again at ${until.toISOString()}.`,
  };
}

async function checkCredential(deps: Deps, account: Account): Promise<PreflightOutcome> {
  if (account.platform === 'dryrun') return { ok: true, token: undefined };
  const connection = account.connection;
  if (connection && connection.status !== 'connected')
    return {
      ok: false,
      code: connection.status === 'needs_reconnect' ? 'account_needs_reconnect' : 'account_disconnected',
      message:
        connection.reason ??
        `@${account.handle} (${account.platform}) is not connected; connect it with /herald connect ${account.platform}.`,
    };
  const now = deps.clock.now();
  if (account.tokenExpiresAt && account.tokenExpiresAt.getTime() <= now.getTime()) {
    // A worker refreshes this token: the job waits a little for it rather than failing.
    if (connection?.refreshAt && now.getTime() - account.tokenExpiresAt.getTime() < REFRESH_GRACE_MS)
      return {
        ok: 'later',
        until: new Date(now.getTime() + 60_000),
        code: 'token_refreshing',
        message: `The token of @${account.handle} (${account.platform}) is being refreshed; trying again in a minute.`,
      };
    return {
      ok: false,
      code: 'token_expired',
      message: `The token of @${account.handle} (${account.platform}) expired ${account.tokenExpiresAt.toISOString()}; reconnect the account.`,
    };
  }
  if (!deps.vault) {
    return {
      ok: false,
      code: 'credential_missing',
      message: 'No credential key is configured (HERALD_CREDENTIAL_KEYS), so no token can be read.',
    };
  }
  try {
    const secret = await deps.vault.reveal(account.workspaceId, account.id, {
      accountVersion: account.version,
    });
    if (secret) return { ok: true, token: openGrant(secret).accessToken };
    return {
      ok: false,
      code: 'credential_missing',
      message: `@${account.handle} (${account.platform}) has no token; connect the account first.`,
    };
  } catch (error) {
    if (error instanceof HeraldError)
      return { ok: false, code: 'credential_unreadable', message: error.message };
    throw error;
  }
}
