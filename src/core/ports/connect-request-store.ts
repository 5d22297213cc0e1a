import type { ConnectablePlatform } from '../domain/connection.js';
import type { Actor } from '../domain/types.js';

/** Who asked to connect an account, where, and for which platform: what a link and a state carry. */
export interface ConnectIntent {
  workspaceId: string;
  actor: Actor;
  /** The chat channel the command was typed in: "Connected @mia on Instagram" is said there. */
  channel?: string | undefined;
  platform: ConnectablePlatform;
  /** Mastodon: the instance's base URL (https://mastodon.social). */
  instance?: string | undefined;
  /** A Reconnect of this account (its handle must come back the same). */
  accountId?: string | undefined;
}

/** The one-time link `/herald connect` answers with, kept by its token's hash. */
export interface ConnectLink extends ConnectIntent {
  hash: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * One authorization in flight: the OAuth `state` (kept by its hash) bound to the person, the
 * workspace and the browser that started it, with the PKCE verifier the token request needs.
 */
export interface ConnectState extends ConnectIntent {
  hash: string;
  /** The hash of the browser's binding cookie: a state used from another browser is refused. */
  browserHash: string;
  /** RFC 7636 code verifier: sent only to the platform's token endpoint. */
  codeVerifier: string;
  redirectUri: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Connect links and authorization states, shared by every API process; each is used at most once. */
export interface ConnectRequestStore {
  saveLink(link: ConnectLink): Promise<void>;
  /** The link, used up now; null when unknown or used already (concurrent uses: one wins). Expiry is the caller's. */
  useLink(hash: string, at: Date): Promise<ConnectLink | null>;
  saveState(state: ConnectState): Promise<void>;
  /** The state, used up now; null when unknown or used already (a replayed callback finds nothing). */
  useState(hash: string, at: Date): Promise<ConnectState | null>;
}
