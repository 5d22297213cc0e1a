import type { Actor } from '../domain/types.js';

/** A one-time link to the web calendar, minted in chat for the person who asked. */
export interface LoginLink {
  /** The hash of the token in the link (never the token). */
  hash: string;
  workspaceId: string;
  actor: Actor;
  /** Groups/roles the person held when they asked (Slack user groups, Discord roles). */
  roles: string[];
  createdAt: Date;
  expiresAt: Date;
}

/** A person logged in to the web calendar through a link: they act as themselves, with their rights. */
export interface WebSession {
  hash: string;
  workspaceId: string;
  actor: Actor;
  roles: string[];
  /** Every write from the page must carry it: a cookie alone cannot act. */
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Login links and web sessions, shared by every API process. */
export interface WebSessionStore {
  saveLink(link: LoginLink): Promise<void>;
  /**
   * Uses a link up, exactly once: the link when it was still unused (expired or not — the
   * caller tells), null when it is unknown or was used already. Concurrent opens: one wins.
   */
  useLink(hash: string, at: Date): Promise<LoginLink | null>;
  saveSession(session: WebSession): Promise<void>;
  /** The session, or null when unknown or ended. */
  getSession(hash: string): Promise<WebSession | null>;
}
