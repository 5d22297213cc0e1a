import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarLink } from '../../../src/core/operations/index.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';
import { seedWorkspace, setCampaign } from '../../support/seed.js';

/** The web calendar's door: one-time links from chat, a strict session cookie, CSRF on every write. */

const NOW = new Date('2026-11-21T10:00:00Z');
let api: ApiHarness;
let clock: ManualClock;
let key: string;
beforeAll(async () => {
  clock = new ManualClock(NOW);
  api = await createApiHarness({ label: 'calendarlogin', clock, mode: 'approval' });
  key = await api.key(['admin']);
});
afterAll(async () => api?.close());

const MIA = { kind: 'slack' as const, id: 'U0MIA', name: 'mia' };
const BOSS = { kind: 'slack' as const, id: 'U0BOSS', name: 'boss' };

async function linkFor(actor = MIA, workspace = api.h.workspace) {
  const { result } = await calendarLink(api.h.deps, { workspace, actor, actorRoles: [] });
  return new URL(result.url).searchParams.get('token') as string;
}
const open = (token: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'GET', url: `/calendar/login?token=${token}`, headers });
const cookieOf = (res: Awaited<ReturnType<typeof open>>) =>
  String(res.headers['set-cookie']).split(';')[0] as string;
const csrfOf = (html: string) => /name="herald-csrf" content="([^"]+)"/.exec(html)?.[1] as string;

describe('calendar login links', () => {
  it('`calendar` answers only the person, with a link that logs them in once: HttpOnly, SameSite=Strict, 8 hours', async () => {
    const reply = (await api.call('POST', '/v1/commands', key, { text: 'calendar', user: 'U0MIA' })).json();
    expect(reply.public).toBe(false);
    expect(reply.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:3000\/calendar\/login\?token=[\w-]{40,}$/);
    const token = new URL(reply.lines[0]).searchParams.get('token') as string;
    const first = await open(token);
    expect(first.statusCode).toBe(200);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^herald_session=[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Max-Age=28800');
    expect(cookie).not.toContain('Secure');
    expect(first.body).toContain('url=/calendar');
    const again = await open(token);
    expect(again.statusCode).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    const page = await api.app.inject({
      method: 'GET',
      url: '/calendar',
      headers: { cookie: cookieOf(first) },
    });
    expect(page.statusCode).toBe(200);
    expect(csrfOf(page.body)).toBeTruthy();
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses an expired or unknown link, and marks the cookie Secure behind HTTPS', async () => {
    const late = await linkFor();
    clock.set(new Date(NOW.getTime() + 11 * 60_000));
    expect((await open(late)).statusCode).toBe(401);
    clock.set(NOW);
    expect((await open('made-up-token')).statusCode).toBe(401);
    const secure = await open(await linkFor(), { 'x-forwarded-proto': 'https' });
    expect(String(secure.headers['set-cookie'])).toContain('Secure');
    expect((await api.app.inject({ method: 'GET', url: '/calendar' })).statusCode).toBe(401);
  });

  it('a session acts as its person in its own workspace only; a write needs the CSRF token', async () => {
    const other = await seedWorkspace(api.h.deps, 'auto', 'other');
    const theirs = await api.call('POST', '/v1/posts', await api.key(['admin'], other.workspace.id), {
      accounts: ['@demo'],
      caption: 'Not yours',
      when: 'tomorrow 9am',
    });
    const mine = (
      await api.call('POST', '/v1/posts', key, {
        accounts: ['@demo'],
        caption: 'Mine',
        when: 'tomorrow 10am',
      })
    ).json().post.id;
    const login = await open(await linkFor());
    const cookie = cookieOf(login);
    const csrf = csrfOf(
      (await api.app.inject({ method: 'GET', url: '/calendar', headers: { cookie } })).body,
    );
    const as = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
      api.app.inject({
        method,
        url,
        headers: { cookie, ...headers },
        ...(method === 'POST' ? { payload: {} } : {}),
      });
    expect((await as('GET', `/v1/posts/${theirs.json().post.id}`)).statusCode).toBe(404);
    expect((await as('POST', `/v1/posts/${mine}/cancel`)).json().code).toBe('FORBIDDEN');
    expect((await as('POST', `/v1/posts/${mine}/cancel`, { 'x-csrf-token': 'guess' })).statusCode).toBe(403);
    expect(
      (await as('POST', `/v1/posts/${mine}/cancel`, { 'x-csrf-token': csrf, origin: 'https://evil.example' }))
        .statusCode,
    ).toBe(403);
    expect((await as('POST', `/v1/posts/${mine}/cancel`, { 'x-csrf-token': csrf })).statusCode).toBe(200);
    const audit = await api.h.deps.audit.list({
      workspaceId: api.h.workspace.id,
      subjectId: mine,
      limit: 10,
    });
    expect(audit.find((e) => e.action === 'post.cancelled')?.actor).toEqual(MIA);
    expect((await as('GET', '/v1/accounts')).statusCode).toBe(200);
    expect((await as('POST', '/v1/campaigns', { 'x-csrf-token': csrf })).statusCode).toBe(403);
  });

  it('acts with the person’s rights: a non-approver’s approve is refused and audited, an approver’s goes through', async () => {
    await setCampaign(api.h.deps, api.h.workspace.id, api.h.campaign.id, { approvers: ['U0BOSS'] });
    const post = (
      await api.call('POST', '/v1/posts', key, {
        accounts: ['@demo'],
        caption: 'Approve me',
        when: 'tomorrow 11am',
      })
    ).json().post.id;
    for (const [actor, status] of [
      [MIA, 403],
      [BOSS, 200],
    ] as const) {
      const cookie = cookieOf(await open(await linkFor(actor)));
      const csrf = csrfOf(
        (await api.app.inject({ method: 'GET', url: '/calendar', headers: { cookie } })).body,
      );
      const res = await api.app.inject({
        method: 'POST',
        url: `/v1/posts/${post}/approve`,
        headers: { cookie, 'x-csrf-token': csrf },
        payload: {},
      });
      expect([actor.id, res.statusCode]).toEqual([actor.id, status]);
    }
    const refused = await api.h.deps.audit.list({
      workspaceId: api.h.workspace.id,
      subjectId: post,
      limit: 20,
    });
    expect(refused.find((e) => e.action === 'post.decision_refused')?.actor).toEqual(MIA);
    expect((await api.h.deps.jobs.listByPost(api.h.workspace.id, post))[0]?.approval?.by).toEqual(BOSS);
  });
});
