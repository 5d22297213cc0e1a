import { describe, expect, it } from 'vitest';
import { FEED_CACHE_MS, FeedCache } from '../../../src/api/feed-cache.js';
import { LocalChanges } from '../../../src/infra/change-tracking.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counter() {
  let n = 0;
  return {
    compute: async () => {
      n += 1;
      const mine = n;
      await sleep(5);
      return { body: `answer ${mine}`, etag: `"${mine}"` };
    },
    get count() {
      return n;
    },
  };
}

describe('the calendar feed cache', () => {
  it('answers a polling page from memory until the workspace changes, then recomputes', async () => {
    const changes = new LocalChanges();
    const cache = new FeedCache(changes);
    const c = counter();
    expect((await cache.get('w1', 'week', c.compute)).body).toBe('answer 1');
    expect((await cache.get('w1', 'week', c.compute)).body).toBe('answer 1');
    await sleep(2);
    changes.touch('w1');
    expect((await cache.get('w1', 'week', c.compute)).body).toBe('answer 2');
    // Another workspace's write leaves this answer alone.
    changes.touch('w2');
    expect((await cache.get('w1', 'week', c.compute)).body).toBe('answer 2');
  });

  it('lets an answer expire so a write by another process shows within the cache time', async () => {
    const cache = new FeedCache(new LocalChanges());
    const c = counter();
    await cache.get('w1', 'week', c.compute);
    await sleep(FEED_CACHE_MS + 20);
    expect((await cache.get('w1', 'week', c.compute)).body).toBe('answer 2');
  });

  it('shares one computation between concurrent requests, but not with a request that follows a write', async () => {
    const changes = new LocalChanges();
    const cache = new FeedCache(changes);
    const c = counter();
    const [a, b] = await Promise.all([
      cache.get('w1', 'week', c.compute),
      cache.get('w1', 'week', c.compute),
    ]);
    expect(a.body).toBe('answer 1');
    expect(b.body).toBe('answer 1');
    await sleep(2);
    const before = cache.get('w1', 'month', c.compute);
    await sleep(1);
    changes.touch('w1');
    const after = cache.get('w1', 'month', c.compute);
    expect((await before).body).toBe('answer 2');
    expect((await after).body).toBe('answer 3');
  });
});
