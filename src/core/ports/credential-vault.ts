/**
 * Platform tokens, encrypted at rest. Tokens go in and come out only here: never logged,
 * never returned by the API, only handed to a publisher for the duration of one call.
 */
export interface CredentialVault {
  /** Encrypts and stores the token of one account (replacing any earlier one); returns the credential id. */
  store(workspaceId: string, accountId: string, token: string): Promise<string>;
  /**
   * Decrypts the account's token. Null when none is stored; throws CREDENTIAL_UNREADABLE when
   * the stored one fails authentication (tampered, moved to another account, unknown key).
   */
  reveal(workspaceId: string, accountId: string, opts?: RevealOptions): Promise<string | null>;
  /** Deletes the account's token (a disconnect); nothing happens when none is stored. */
  remove(workspaceId: string, accountId: string): Promise<void>;
  /**
   * Re-encrypts every credential under the newest key. A credential that cannot be decrypted is
   * left as it is and reported (its account must be reconnected), so one bad row never blocks the rest.
   */
  rotate(): Promise<{ rewritten: number; unreadable: { workspaceId: string; accountId: string }[] }>;
}

export interface RevealOptions {
  /**
   * The account's version as just read: a credential read for that same version a few seconds
   * ago may be reused (a burst publishing many posts of one account). Every change of the token
   * also writes the account, so a new version always reads afresh.
   */
  accountVersion?: number;
}
