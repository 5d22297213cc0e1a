import type { ConnectablePlatform, TokenGrant } from '../domain/connection.js';

/**
 * Why a platform refused or could not answer: `revoked` (the grant is no longer valid: revoked,
 * expired refresh token — only a reconnect helps), `rejected` (this request was refused: a wrong
 * code, a PKCE mismatch, a wrong app password — say it to the person), `transient` (timeout, 5xx,
 * 429: try again later). The message never carries a token.
 */
export class ConnectError extends Error {
  constructor(
    readonly kind: 'revoked' | 'rejected' | 'transient',
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** An OAuth client registered with a Mastodon instance (the secret lives in the vault). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/** What the platform says the connected account is. */
export interface PlatformProfile {
  /** The platform's own id (TikTok open_id, Instagram user id, Mastodon account id, Bluesky DID). */
  userId: string;
  /** The handle without `@` (`mia`, `mia@mastodon.social` is kept as `mia`). */
  handle: string;
}

/** Where one account's calls go: its own API (a Mastodon instance) and, there, Herald's client. */
export interface ConnectorTarget {
  apiBaseUrl?: string | undefined;
  client?: OAuthClient | undefined;
}

/**
 * One platform's side of connecting an account: the documented OAuth 2.0 authorization-code
 * flow with PKCE (Instagram, TikTok, Mastodon), or Bluesky's app-password session; then refresh
 * and revocation. Adapters live in src/publishers/connect; each points at configurable base URLs.
 */
export interface PlatformConnector {
  readonly platform: ConnectablePlatform;
  /** `oauth`: send the person to `authorizeUrl`; `session`: ask for a handle and an app password. */
  readonly method: 'oauth' | 'session';
  /** Whether Herald must register itself with each server first (Mastodon: one app per instance). */
  readonly registersPerInstance: boolean;
  /** Whether the platform can revoke a grant (Instagram cannot: its person removes the app). */
  readonly revokes: boolean;
  /**
   * Where the tokens it grants are used, when not the publisher's configured API (Instagram
   * Login tokens work on graph.instagram.com, not graph.facebook.com).
   */
  readonly publishBaseUrl?: string | undefined;
  /** Mastodon: POST /api/v1/apps on the instance, once. */
  registerClient?(apiBaseUrl: string, redirectUri: string): Promise<OAuthClient>;
  /** The authorization URL the person's browser is sent to. */
  authorizeUrl?(
    input: { state: string; codeChallenge: string; redirectUri: string },
    target: ConnectorTarget,
  ): string;
  /** Trades the code (with the PKCE verifier) for a grant. */
  exchangeCode?(
    input: { code: string; codeVerifier: string; redirectUri: string },
    target: ConnectorTarget,
  ): Promise<TokenGrant>;
  /** Bluesky: createSession with a handle and an app password (the password is never kept). */
  createSession?(
    input: { handle: string; password: string },
    target: ConnectorTarget,
  ): Promise<{ grant: TokenGrant; profile: PlatformProfile }>;
  /** Who the grant belongs to. */
  profile(grant: TokenGrant, target: ConnectorTarget): Promise<PlatformProfile>;
  /** A fresh grant before this one expires; throws ConnectError `revoked` when only a reconnect helps. */
  refresh?(grant: TokenGrant, target: ConnectorTarget): Promise<TokenGrant>;
  /** Ends the grant at the platform (where it offers that). */
  revoke?(grant: TokenGrant, target: ConnectorTarget): Promise<void>;
}
