/**
 * How an account is connected to its platform, and the tokens that connection holds. Accounts
 * connected by pasting a token (`POST /v1/accounts`) have no `connection`: nothing refreshes them.
 */

/** Platforms a person connects from chat or the calendar (the others take a pasted secret or nothing). */
export const CONNECTABLE_PLATFORMS = ['instagram', 'tiktok', 'mastodon', 'bluesky'] as const;
export type ConnectablePlatform = (typeof CONNECTABLE_PLATFORMS)[number];

export function isConnectable(platform: string): platform is ConnectablePlatform {
  return (CONNECTABLE_PLATFORMS as readonly string[]).includes(platform);
}

/** The platform's own name, as a person reads it ("Connected @mia on TikTok"). */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  instagram: 'Instagram',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  webhook: 'webhook',
  dryrun: 'dry run',
};

/**
 * `connected`: the stored tokens work (or are refreshed before they stop); `needs_reconnect`: a
 * refresh failed for good (revoked, refresh token expired) and a person must connect it again;
 * `disconnected`: someone disconnected it and its tokens are gone.
 */
export type ConnectionStatus = 'connected' | 'needs_reconnect' | 'disconnected';

export interface AccountConnection {
  /** `oauth`: an authorization-code grant; `session`: a Bluesky app password exchanged for a session. */
  method: 'oauth' | 'session';
  status: ConnectionStatus;
  /** Where this account's token works, when not the configured API: its Mastodon instance, graph.instagram.com. */
  apiBaseUrl?: string | undefined;
  /** When a worker refreshes the token: a safe margin before it expires. Absent: it is never refreshed. */
  refreshAt?: Date | undefined;
  /** When the refresh token itself runs out: past it, only a reconnect helps. */
  refreshExpiresAt?: Date | undefined;
  /** A worker refreshing now; another may take over after `until` (the first one died). */
  refreshing?: { owner: string; until: Date } | undefined;
  /** Why it needs a reconnect or was disconnected, as a person reads it. */
  reason?: string | undefined;
  /** When it entered its status (an alert is sent once per such change). */
  since: Date;
  connectedAt: Date;
  /** Who connected it (an Actor; kept structural so this file needs nothing of types.ts). */
  connectedBy: { kind: string; id: string; name?: string | undefined };
  lastRefreshedAt?: Date | undefined;
}

/** What a platform grants: kept only inside the credential vault, never in the account document. */
export interface TokenGrant {
  accessToken: string;
  refreshToken?: string | undefined;
  /** When the access token stops working. */
  expiresAt?: Date | undefined;
  /** When the refresh token stops working. */
  refreshExpiresAt?: Date | undefined;
}

const GRANT_PREFIX = 'herald-grant:v1:';

/** The vault's form of a grant. A plain string (a pasted token) stays as it was stored. */
export function sealGrant(grant: TokenGrant): string {
  return `${GRANT_PREFIX}${JSON.stringify({
    a: grant.accessToken,
    r: grant.refreshToken,
    e: grant.expiresAt?.toISOString(),
    re: grant.refreshExpiresAt?.toISOString(),
  })}`;
}

/** The grant a vault secret holds: a pasted token is a grant with an access token only. */
export function openGrant(secret: string): TokenGrant {
  if (!secret.startsWith(GRANT_PREFIX)) return { accessToken: secret };
  const raw = JSON.parse(secret.slice(GRANT_PREFIX.length)) as Record<string, string | undefined>;
  return {
    accessToken: raw.a ?? '',
    ...(raw.r ? { refreshToken: raw.r } : {}),
    ...(raw.e ? { expiresAt: new Date(raw.e) } : {}),
    ...(raw.re ? { refreshExpiresAt: new Date(raw.re) } : {}),
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * When to refresh a token that expires at `expiresAt`, issued at `now`: a tenth of its life
 * before it expires, at least 10 minutes and at most 7 days before (TikTok's day-long token a
 * couple of hours ahead, Instagram's 60-day token 6 days ahead, a Bluesky session 12 minutes
 * ahead). Instagram refuses to refresh a token less than a day old, so its refresh waits that long.
 */
export function refreshAtFor(platform: string, expiresAt: Date, now: Date): Date {
  const life = Math.max(0, expiresAt.getTime() - now.getTime());
  const margin = Math.min(7 * DAY, Math.max(10 * MINUTE, life / 10));
  const at = expiresAt.getTime() - margin;
  if (platform !== 'instagram') return new Date(at);
  return new Date(Math.min(Math.max(at, now.getTime() + DAY), expiresAt.getTime() - MINUTE));
}

/** A worker's hold on a refresh: long enough for the platform's answer, short enough to recover from a crash. */
export const REFRESH_LEASE_MS = 2 * MINUTE;

/** A refresh that failed for a passing reason is tried again after this long. */
export const REFRESH_RETRY_MS = 5 * MINUTE;
