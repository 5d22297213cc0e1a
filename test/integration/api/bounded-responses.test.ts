import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/** A list page stays small whatever the series in it: a post carries its next jobs and a count; jobs page on their own. */

let api: ApiHarness;
let key: string;
const every = (n: number) => Array.from({ length: n }, (_, i) => i);
beforeAll(async () => {
  api = await createApiHarness({ label: 'bounded' });
  key = await api.key(['admin']);
});
afterAll(async () => api?.close());

describe('bounded responses', () => {
  it('a list page carries at most five jobs per post and each post’s job count; /v1/jobs pages the rest', async () => {
    const dense = `RRULE:FREQ=DAILY;BYHOUR=${every(24).join(',')}`;
    const ids: string[] = [];
    for (const caption of ['Hourly one', 'Hourly two']) {
      const res = await api.call('POST', '/v1/posts', key, { accounts: ['@demo'], caption, when: dense });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().post.id);
    }
    const list = await api.call('GET', '/v1/posts?limit=50', key);
    expect(list.body.length).toBeLessThan(30_000);
    const items = list.json().items as { post: { id: string }; jobs: unknown[]; jobCount: number }[];
    for (const id of ids) {
      const item = items.find((i) => i.post.id === id);
      expect(item?.jobs.length).toBe(5);
      expect(item?.jobCount).toBeGreaterThan(300);
    }
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (
        await api.call('GET', `/v1/jobs?postId=${ids[0]}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, key)
      ).json();
      for (const job of page.items as { id: string }[]) seen.add(job.id);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen.size).toBe(items.find((i) => i.post.id === ids[0])?.jobCount);
    expect(pages).toBeGreaterThan(3);
  });
});
