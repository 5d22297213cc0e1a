import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/** The compose form's honest prefill and its cover, through the operation every form uses. */

const NOW = new Date('2026-11-21T10:00:00Z'); // Saturday
const CLIP = 'https://cdn.example/clip.mp4';
let api: ApiHarness;
let key: string;
beforeAll(async () => {
  api = await createApiHarness({ label: 'prefill', clock: new ManualClock(NOW) });
  key = await api.key(['admin']);
});
afterAll(async () => api?.close());

const prefill = async () =>
  (await api.call('GET', `/v1/compose/prefill?accounts=${api.h.account.id}`, key)).json();
const create = (body: Record<string, unknown>) =>
  api.call('POST', '/v1/posts', key, { accounts: ['@demo'], when: 'tomorrow 9am', ...body });
const postsCount = async () =>
  (await api.h.deps.posts.list({ workspaceId: api.h.workspace.id, limit: 200 })).items.length;

describe('compose prefill', () => {
  it('invents nothing: no slot plan and no history leave the time and the hashtags empty', async () => {
    expect(await prefill()).toMatchObject({
      account: { id: api.h.account.id, handle: 'demo' },
      when: null,
      reads: null,
      hashtags: [],
    });
  });

  it('offers the next free slot as words Herald reads back, and the hashtags used most lately', async () => {
    await api.call('PUT', `/v1/accounts/${api.h.account.id}/slots`, key, { plan: 'mon-fri 09:00' });
    for (const caption of ['Run #fitness #morning', 'Lift #fitness', 'Stretch #yoga #fitness #morning'])
      expect((await create({ caption, when: 'in 3 days' })).statusCode).toBe(201);
    const first = await prefill();
    expect(first).toMatchObject({
      when: '2026-11-23 09:00 tz:UTC',
      hashtags: ['#fitness', '#morning', '#yoga'],
    });
    expect(first.reads).toContain('09:00');
    // The slot it offered is taken once a post goes there: the next prefill offers the next one.
    expect((await create({ caption: 'Taken', when: first.when })).statusCode).toBe(201);
    expect((await prefill()).when).toBe('2026-11-24 09:00 tz:UTC');
  });
});

describe('a cover on the compose form', () => {
  it('stores a moment or a picture for a video; a media URL named as cover goes first instead', async () => {
    const frame = await create({ caption: 'Framed', media: [{ url: CLIP, kind: 'video' }], cover: '2.5s' });
    expect(frame.statusCode, frame.body).toBe(201);
    expect(frame.json().post.cover).toEqual({ kind: 'frame', atMs: 2500 });
    const picture = await create({
      caption: 'Pictured',
      media: [{ url: CLIP, kind: 'video' }],
      cover: 'https://cdn.example/cover.jpg',
    });
    expect(picture.json().post.cover).toEqual({ kind: 'picture', url: 'https://cdn.example/cover.jpg' });
    const second = 'https://cdn.example/b.jpg';
    const carousel = await create({
      caption: 'Carousel',
      media: [
        { url: 'https://cdn.example/a.jpg', kind: 'image' },
        { url: second, kind: 'image' },
      ],
      cover: second,
    });
    expect(carousel.json().post.media.map((m: { url: string }) => m.url)[0]).toBe(second);
    expect(carousel.json().post.cover).toBeUndefined();
    const stored = await api.h.deps.posts.get(api.h.workspace.id, frame.json().post.id);
    expect(stored?.cover).toEqual({ kind: 'frame', atMs: 2500 });
  });

  it('refuses a cover it cannot use, saying how to give one, and stores nothing', async () => {
    const before = await postsCount();
    const words = await create({
      caption: 'x',
      media: [{ url: CLIP, kind: 'video' }],
      cover: 'the good bit',
    });
    expect([words.statusCode, words.json().hint]).toEqual([400, expect.stringContaining('3s')]);
    const noVideo = await create({
      caption: 'x',
      media: [{ url: 'https://cdn.example/a.jpg', kind: 'image' }],
      cover: '3s',
    });
    expect([noVideo.statusCode, noVideo.json().detail]).toEqual([400, expect.stringContaining('no video')]);
    expect(await postsCount()).toBe(before);
  });
});
