import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/** What a person expects of a scheduler's everyday commands, through the chat router and the API. */

const NOW = new Date('2026-11-21T10:00:00Z'); // Saturday
let api: ApiHarness;
let key: string;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock(NOW);
  api = await createApiHarness({ label: 'conveniences', clock });
  key = await api.key(['admin']);
  await api.call('POST', '/v1/accounts', key, {
    platform: 'webhook',
    handle: 'hooky',
    timezone: 'Europe/Paris',
  });
});
afterAll(async () => api?.close());

const say = async (text: string) => {
  const res = await api.call('POST', '/v1/commands', key, { text });
  return {
    status: res.statusCode,
    body: res.json(),
    text: [res.json().title, ...(res.json().lines ?? [])].join('\n'),
  };
};
const idOf = (text: string) => /pst_[A-Za-z0-9_-]+/.exec(text)?.[0] as string;

describe('list', () => {
  it('shows upcoming posts first with how far away they are, then recent ones; filters by account, platform, status and date', async () => {
    const soon = idOf((await say('schedule @demo "Soon" in 3 hours')).text);
    const later = idOf((await say('schedule @demo "Later" 2026-11-25 09:00')).text);
    const hook = idOf((await say('schedule hooky "To the hook" 2026-11-24 09:00')).text);
    clock.set(new Date('2026-11-21T09:00:00Z'));
    const listed = await say('list');
    clock.set(NOW);
    expect(listed.text.indexOf(soon)).toBeLessThan(listed.text.indexOf(hook));
    expect(listed.text.indexOf(hook)).toBeLessThan(listed.text.indexOf(later));
    expect(listed.text).toMatch(new RegExp(`${soon}.*in 4 hours`));
    expect((await say('list @demo')).body.postIds).toEqual([soon, later]);
    expect((await say('list --platform webhook')).body.postIds).toEqual([hook]);
    expect((await say('list --from 2026-11-24 --to 2026-11-24')).body.postIds).toEqual([hook]);
    await say(`cancel ${later}`);
    expect((await say('list --status cancelled')).body.postIds).toEqual([later]);
    const api1 = (await api.call('GET', '/v1/posts?platform=webhook', key)).json();
    expect(api1.items.map((i: { post: { id: string } }) => i.post.id)).toEqual([hook]);
  });

  it('refuses a filter it does not know rather than ignoring it', async () => {
    const res = await say('list --plattform instagram');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('--plattform');
    expect(res.body.hint).toContain('--platform');
    expect((await say('list --platform myspace')).status).toBe(400);
  });

  it('pages past the first page', async () => {
    for (let i = 0; i < 22; i += 1)
      await say(`schedule @demo "Bulk ${i}" 2026-12-0${1 + (i % 5)} ${10 + (i % 8)}:${10 + i}`);
    const first = await say('list @demo --from 2026-12-01');
    expect(first.text).toContain('More: list --page 2');
    const second = await say('list @demo --from 2026-12-01 --page 2');
    expect(second.body.postIds.length).toBe(2);
    expect(second.body.postIds.some((id: string) => first.body.postIds.includes(id))).toBe(false);
  });
});

describe('cancel --all @account', () => {
  it('says what it would cancel and changes nothing until confirmed', async () => {
    const mine = idOf((await say('schedule hooky "Hook A" 2026-11-28 09:00')).text);
    const asked = await say('cancel --all hooky');
    expect(asked.text).toMatch(/This cancels \d+ posts? .* Nothing is cancelled yet/);
    expect(asked.text).toContain('cancel --all hooky --confirm');
    expect((await api.h.deps.posts.get(api.h.workspace.id, mine))?.status).toBe('active');
    const done = await say('cancel --all hooky --confirm');
    expect(done.text).toMatch(/Cancelled \d+ jobs? of \d+ posts?/);
    expect((await api.h.deps.posts.get(api.h.workspace.id, mine))?.status).toBe('cancelled');
    expect((await say('list --platform webhook --status scheduled')).body.postIds).toEqual([]);
  });
});

describe('stats', () => {
  it('counts jobs by status and by platform, and shows the next five due', async () => {
    const stats = await say('stats');
    expect(stats.text).toContain('By platform:');
    expect(stats.text).toMatch(/dryrun +scheduled \d+/);
    expect(stats.text).toMatch(/webhook +cancelled \d+/);
    const next = stats.text.split('Next due:')[1]?.trim().split('\n') ?? [];
    expect(next.length).toBe(5);
    expect(next[0]).toContain('dryrun');
  });
});

describe('a day without a time of day', () => {
  it("means the account's default posting time (09:00 unless set), for one post and for a series", async () => {
    const tomorrow = await say('schedule @demo "Tomorrow" tomorrow');
    expect(tomorrow.status).toBe(200);
    expect(
      (await api.h.deps.posts.get(api.h.workspace.id, idOf(tomorrow.text)))?.scheduledAt.toISOString(),
    ).toBe('2026-11-22T09:00:00.000Z');
    expect(tomorrow.text).toContain('default posting time 09:00');
    const patched = await api.call('PATCH', `/v1/accounts/${api.h.account.id}`, key, {
      defaultTime: '18:30',
    });
    expect(patched.statusCode).toBe(200);
    const series = await say('schedule @demo "Fortnightly" every 2 weeks on tuesday');
    const post = await api.h.deps.posts.get(api.h.workspace.id, idOf(series.text));
    expect(post?.scheduledAt.toISOString()).toBe('2026-11-24T18:30:00.000Z');
    expect((await say('schedule @demo "Monthly" monthly on the 1st')).status).toBe(200);
    expect(
      (await api.call('PATCH', `/v1/accounts/${api.h.account.id}`, key, { defaultTime: '25:00' })).statusCode,
    ).toBe(400);
  });
});

describe('refusals that protect what is stored', () => {
  it('PATCH refuses an empty caption on a post without media, and nothing changes', async () => {
    const id = idOf((await say('schedule @demo "Keep me" 2026-11-26 09:00')).text);
    const before = await api.h.deps.posts.get(api.h.workspace.id, id);
    for (const caption of ['', '   '])
      expect(
        (await api.call('PATCH', `/v1/posts/${id}`, key, { version: before!.version, caption })).json().code,
      ).toBe('VALIDATION_FAILED');
    expect(await api.h.deps.posts.get(api.h.workspace.id, id)).toEqual(before);
  });

  it('refuses an unknown platform prefix and an empty or malformed zone instead of guessing', async () => {
    const body = { caption: 'x', when: 'tomorrow 9am' };
    const myspace = await api.call('POST', '/v1/posts', key, { ...body, accounts: ['myspace:@demo'] });
    expect([myspace.statusCode, myspace.json().detail]).toEqual([400, expect.stringContaining('myspace')]);
    for (const timezone of ['', 'Europe/Paris\u0000', 'Mars/Olympus'])
      expect(
        (await api.call('POST', '/v1/posts', key, { ...body, accounts: ['@demo'], timezone })).json().code,
      ).toBe('UNKNOWN_TIMEZONE');
  });
});

describe('shift picked posts', () => {
  it('moves the jobs picked one by one (a calendar selection) and nothing else', async () => {
    const make = async (caption: string, when: string) =>
      (await api.call('POST', '/v1/posts', key, { accounts: ['@demo'], caption, when })).json();
    const a = await make('Pick me', '2026-12-10 09:00');
    const b = await make('And me', '2026-12-10 11:00');
    const c = await make('Not me', '2026-12-10 10:00');
    const res = await api.call('POST', '/v1/posts:bulk-shift', key, {
      jobIds: [a.jobs[0].id, b.jobs[0].id],
      by: '+1h',
    });
    expect([res.statusCode, res.json().moved]).toEqual([200, 2]);
    const at = async (p: { post: { id: string } }) =>
      (await api.h.deps.posts.get(api.h.workspace.id, p.post.id))?.scheduledAt.toISOString();
    expect([await at(a), await at(b), await at(c)]).toEqual([
      '2026-12-10T10:00:00.000Z',
      '2026-12-10T12:00:00.000Z',
      '2026-12-10T10:00:00.000Z',
    ]);
  });
});
