import { describe, expect, it } from 'vitest';
import { CachedApiKeyStore } from '../../../src/api/cached-api-keys.js';
import type { ApiKeyGrant, ApiKeyInfo, ApiKeyStore } from '../../../src/core/ports/api-key-store.js';
import { ManualClock } from '../../../src/infra/system-clock.js';

/** A store whose keys can be revoked, counting how often it is asked. */
class CountingKeys implements ApiKeyStore {
  readonly valid = new Map<string, ApiKeyGrant>();
  lookups = 0;
  async create(): Promise<{ key: string; keyId: string }> {
    throw new Error('not used');
  }
  async verify(presented: string): Promise<ApiKeyGrant | null> {
    this.lookups += 1;
    return this.valid.get(presented) ?? null;
  }
  async list(): Promise<ApiKeyInfo[]> {
    return [];
  }
  async revoke(keyId: string) {
    for (const [key, g] of this.valid) if (g.keyId === keyId) this.valid.delete(key);
    return { outcome: 'revoked' as const };
  }
}

const grant: ApiKeyGrant = { keyId: 'k1', workspaceId: 'ws_1', scopes: ['read'] };

describe('CachedApiKeyStore', () => {
  it('asks the store once for a burst of requests with the same key', async () => {
    const inner = new CountingKeys();
    inner.valid.set('hk_a', grant);
    const keys = new CachedApiKeyStore(inner, new ManualClock(new Date('2026-01-01T00:00:00Z')), 5000);
    for (let i = 0; i < 50; i += 1) expect(await keys.verify('hk_a')).toEqual(grant);
    expect(inner.lookups).toBe(1);
  });

  it('stops accepting a revoked key once the cache time has passed', async () => {
    const inner = new CountingKeys();
    inner.valid.set('hk_a', grant);
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const keys = new CachedApiKeyStore(inner, clock, 5000);
    expect(await keys.verify('hk_a')).toEqual(grant);
    inner.valid.delete('hk_a');
    clock.advance(4999);
    expect(await keys.verify('hk_a')).toEqual(grant);
    clock.advance(1);
    expect(await keys.verify('hk_a')).toBeNull();
  });

  it('stops a key revoked through it at once, without waiting for the cache time', async () => {
    const inner = new CountingKeys();
    inner.valid.set('hk_a', grant);
    const keys = new CachedApiKeyStore(inner, new ManualClock(new Date('2026-01-01T00:00:00Z')), 5000);
    expect(await keys.verify('hk_a')).toEqual(grant);
    await keys.revoke('k1', new Date());
    expect(await keys.verify('hk_a')).toBeNull();
  });

  it('never remembers a refused key: it is checked again on every request', async () => {
    const inner = new CountingKeys();
    const keys = new CachedApiKeyStore(inner, new ManualClock(new Date('2026-01-01T00:00:00Z')), 5000);
    expect(await keys.verify('hk_unknown')).toBeNull();
    inner.valid.set('hk_unknown', grant);
    expect(await keys.verify('hk_unknown')).toEqual(grant);
    expect(inner.lookups).toBe(2);
  });

  it('does not let one key’s grant answer for another key', async () => {
    const inner = new CountingKeys();
    inner.valid.set('hk_a', grant);
    const keys = new CachedApiKeyStore(inner, new ManualClock(new Date('2026-01-01T00:00:00Z')), 5000);
    await keys.verify('hk_a');
    expect(await keys.verify('hk_b')).toBeNull();
  });
});
