import type { Account, Platform } from '../domain/types.js';

/** Platform accounts that posts are published to. */
export interface AccountRepository {
  /** Creates the account or returns the one with that platform + handle (unique per workspace). */
  ensure(input: Omit<Account, 'id' | 'createdAt' | 'version'>): Promise<Account>;
  get(workspaceId: string, id: string): Promise<Account | null>;
  /** Several at once, for rendering lists without one query per row. */
  getMany(workspaceId: string, ids: string[]): Promise<Account[]>;
  /** Resolves what a user typed (`@mia`, `instagram:@mia`); several matches mean the user must name the platform. */
  findByHandle(workspaceId: string, handle: string, platform?: Platform): Promise<Account[]>;
  list(workspaceId: string): Promise<Account[]>;
  /**
   * Settings change (zone, posting times, token expiry, credential link, connection);
   * compare-and-set on the version. `unset` removes fields (a disconnect drops the credential link).
   */
  update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<
      Pick<
        Account,
        | 'timezone'
        | 'defaultTime'
        | 'slots'
        | 'tokenExpiresAt'
        | 'credentialId'
        | 'platformUserId'
        | 'connection'
      >
    >,
    unset?: readonly ('credentialId' | 'tokenExpiresAt')[],
  ): Promise<Account | null>;
  /**
   * Accounts of every workspace whose pasted token expires before `date`: the worker's expiry
   * warnings (connected accounts are refreshed instead, or alerted when they need a reconnect).
   */
  listTokensExpiringBefore(date: Date): Promise<Account[]>;
  /**
   * Connected accounts of every workspace whose token is due a refresh at `now` and that no live
   * worker is refreshing: the sweeper's refresh step (it then claims each with `update`).
   */
  listRefreshDue(now: Date, limit: number): Promise<Account[]>;
}
