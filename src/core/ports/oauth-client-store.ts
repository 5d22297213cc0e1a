/**
 * OAuth clients Herald registered itself as, one per server and redirect URI (Mastodon registers
 * an app per instance). The client secret is not here: it is kept encrypted in the vault.
 */
export interface OAuthClientStore {
  /** The client id registered for `server` with `redirectUri`, or null. */
  get(platform: string, server: string, redirectUri: string): Promise<string | null>;
  /**
   * Keeps a registration unless one is there already (two first connects raced): returns the
   * client id that is kept, which the loser then uses instead of its own.
   */
  keep(platform: string, server: string, redirectUri: string, clientId: string, at: Date): Promise<string>;
}
