import { createHash } from 'node:crypto';
import type { ApiKeyGrant, ApiKeyStore, ApiScope } from '../core/ports/api-key-store.js';
import type { Clock } from '../core/ports/clock.js';

/** How long a verified key is trusted without asking the store again. */
export const API_KEY_CACHE_MS = 5000;
const MAX_ENTRIES = 1000;

/**
 * Remembers keys verified in the last few seconds, so a script's or dashboard's stream of
 * requests does not pay a database round trip each for the same key. Only successes are kept,
 * by a hash of the key (never the key itself); a key revoked in the store stops working within
 * `ttlMs`.
 */
export class CachedApiKeyStore implements ApiKeyStore {
  private readonly grants = new Map<string, { grant: ApiKeyGrant; until: number }>();

  constructor(
    private readonly inner: ApiKeyStore,
    private readonly clock: Clock,
    private readonly ttlMs = API_KEY_CACHE_MS,
  ) {}

  create(workspaceId: string, scopes: ApiScope[], label: string) {
    return this.inner.create(workspaceId, scopes, label);
  }

  list(workspaceId: string) {
    return this.inner.list(workspaceId);
  }

  /** Revoked here, the key stops at once in this process; other processes drop it within `ttlMs`. */
  async revoke(keyId: string, at: Date) {
    for (const [id, entry] of this.grants) if (entry.grant.keyId === keyId) this.grants.delete(id);
    return this.inner.revoke(keyId, at);
  }

  async verify(presented: string): Promise<ApiKeyGrant | null> {
    const id = createHash('sha256').update(presented).digest('base64url');
    const now = this.clock.now().getTime();
    const hit = this.grants.get(id);
    if (hit && hit.until > now) return hit.grant;
    this.grants.delete(id);
    const grant = await this.inner.verify(presented);
    if (grant) {
      // Oldest first: Map keeps insertion order.
      if (this.grants.size >= MAX_ENTRIES) this.grants.delete(this.grants.keys().next().value as string);
      this.grants.set(id, { grant, until: now + this.ttlMs });
    }
    return grant;
  }
}
