import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGrant } from '../../../src/core/domain/connection.js';
import type { Account } from '../../../src/core/domain/types.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { refreshDueTokens } from '../../../src/core/use-cases/refresh-tokens.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { cryptoSecrets } from '../../../src/infra/crypto-secrets.js';
import { type ConnectRig, MIA_PERSON, startConnectRig } from '../../support/connect-rig.js';

/**
 * Connecting accounts for real: `/herald connect <platform>` → a one-time link for the person →
 * the platform's OAuth 2.0 authorization (code + PKCE, `state` bound to person, workspace and
 * browser) → the callback stores the tokens encrypted and says "Connected" where it was asked.
 * Against fake authorization servers speaking each platform's documented endpoints.
 */

let rig: ConnectRig;
beforeAll(async () => {
  rig = await startConnectRig('connect');
});
afterAll(async () => rig?.close());

const accountOf = async (platform: Account['platform'], handle: string) =>
  (await rig.h.deps.accounts.findByHandle(rig.h.workspace.id, handle, platform))[0];
const countAccounts = () => rig.h.testDb.db.collection('accounts').countDocuments();

describe('connect from chat', () => {
  it('answers only the person with a one-time link, runs TikTok’s OAuth with PKCE, stores the tokens encrypted and says "Connected @mia on TikTok" in the channel', async () => {
    const reply = await rig.command('connect tiktok');
    expect(reply.public).toBe(false);
    expect(reply.title).toContain('only for you, works once, for 10 minutes');
    expect(reply.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:3000\/oauth\/tiktok\/start\?link=[\w-]{40,}$/);

    const started = await rig.start(reply.lines[0] as string);
    expect(started.res.statusCode).toBe(302);
    expect(started.cookie).toMatch(/^herald_connect=[\w-]{40,}$/);
    expect(String(started.res.headers['set-cookie'])).toMatch(
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/,
    );
    const authorize = new URL(started.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${rig.tiktok.url}/v2/auth/authorize/`);
    expect(authorize.searchParams.get('client_key')).toBe('tiktok-client');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3000/oauth/tiktok/callback');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const state = authorize.searchParams.get('state') as string;
    // Herald keeps only the state's hash, bound to the person, the workspace and the browser.
    const kept = await rig.h.testDb.db
      .collection('connect_states')
      .findOne({ _id: cryptoSecrets.hash(state) as never });
    expect(kept).toMatchObject({
      workspaceId: rig.h.workspace.id,
      actor: MIA_PERSON,
      channel: 'C0TEAM',
      platform: 'tiktok',
    });
    expect(kept?.browserHash).toBe(cryptoSecrets.hash(started.cookie.split('=')[1] as string));

    const done = await rig.callback(await rig.allow(started.location), started.cookie);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Connected @mia on TikTok');

    const account = (await accountOf('tiktok', 'mia')) as Account;
    expect(account).toMatchObject({
      platformUserId: 'user-mia-1',
      connection: { method: 'oauth', status: 'connected' },
    });
    expect(account.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(account.connection!.refreshAt!.getTime()).toBeLessThan(account.tokenExpiresAt!.getTime());
    const grant = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, account.id)) as string);
    expect(grant.accessToken).toBe(rig.tiktok.state.token);
    expect(rig.tiktokAuth.refresh.has(grant.refreshToken as string)).toBe(true);
    const stored = JSON.stringify(
      await rig.h.testDb.db.collection('credentials').findOne({ accountId: account.id }),
    );
    expect(stored).not.toContain(grant.accessToken);
    expect(stored).not.toContain(grant.refreshToken);

    const said = rig.h.notifier.ofType('account_connected').at(-1)?.notification;
    expect(said).toMatchObject({
      accountId: account.id,
      channel: 'C0TEAM',
      handle: 'mia',
      platform: 'tiktok',
      reconnected: false,
    });
    const audit = await rig.h.deps.audit.list({
      workspaceId: rig.h.workspace.id,
      subjectId: account.id,
      limit: 10,
    });
    expect(audit.map((a) => a.action)).toContain('account.connected');
    expect(audit.find((a) => a.action === 'account.connected')?.actor).toEqual(MIA_PERSON);
  });

  it('refuses a forged state, a replayed callback, a callback from another browser and an authorization older than 10 minutes — and stores nothing', async () => {
    const before = await countAccounts();
    const forged = await rig.callback(
      new URL('http://x/oauth/tiktok/callback?code=abc&state=forged-state'),
      'herald_connect=x',
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.body).toContain('unknown or was used already');

    const reply = await rig.command('connect instagram');
    const started = await rig.start(reply.lines[0] as string);
    const back = await rig.allow(started.location);
    const otherBrowser = await rig.callback(back, 'herald_connect=someone-elses-browser');
    expect(otherBrowser.statusCode).toBe(403);
    expect(otherBrowser.body).toContain('started in another browser');
    // The state is used up by that try: the real browser cannot finish with it either.
    const replay = await rig.callback(back, started.cookie);
    expect(replay.statusCode).toBe(401);

    const again = await rig.start((await rig.command('connect instagram')).lines[0] as string);
    const late = await rig.allow(again.location);
    await rig.h.testDb.db
      .collection('connect_states')
      .updateMany(
        { platform: 'instagram', usedAt: null },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
    const expired = await rig.callback(late, again.cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('expired');
    expect(await countAccounts()).toBe(before);
    expect(await accountOf('instagram', 'mia')).toBeUndefined();
  });

  it('opens a link once and only within 10 minutes', async () => {
    const link = (await rig.command('connect tiktok')).lines[0] as string;
    expect((await rig.start(link)).res.statusCode).toBe(302);
    const reused = await rig.start(link);
    expect(reused.res.statusCode).toBe(401);
    expect(reused.res.body).toContain('used already');
    const stale = (await rig.command('connect tiktok')).lines[0] as string;
    await rig.h.testDb.db
      .collection('connect_links')
      .updateOne(
        { _id: cryptoSecrets.hash(new URL(stale).searchParams.get('link') as string) as never },
        { $set: { expiresAt: new Date(Date.now() - 1) } },
      );
    const expired = await rig.start(stale);
    expect(expired.res.statusCode).toBe(401);
    expect(expired.res.body).toContain('expired');
  });

  it('refuses a code whose PKCE verifier does not match what the authorization carried, and stores nothing', async () => {
    const before = await countAccounts();
    const started = await rig.start((await rig.command('connect instagram')).lines[0] as string);
    const back = await rig.allow(started.location);
    const state = back.searchParams.get('state') as string;
    // As if the verifier were swapped: the platform sees a verifier that does not hash to the challenge.
    await rig.h.testDb.db
      .collection('connect_states')
      .updateOne(
        { _id: cryptoSecrets.hash(state) as never },
        { $set: { codeVerifier: cryptoSecrets.token() } },
      );
    const refused = await rig.callback(back, started.cookie);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('code_verifier does not match');
    expect(await countAccounts()).toBe(before);
    const audit = await rig.h.deps.audit.list({ workspaceId: rig.h.workspace.id, limit: 5 });
    expect(audit[0]).toMatchObject({
      action: 'account.connect_refused',
      after: { platform: 'instagram', reason: 'invalid_grant' },
    });
  });

  it('says so when the person declines on the platform', async () => {
    const started = await rig.start((await rig.command('connect tiktok')).lines[0] as string);
    const page = new URL(started.location);
    const res = await fetch(`${page.origin}/__consent/deny${page.search}`, { redirect: 'manual' });
    const declined = await rig.callback(new URL(res.headers.get('location') as string), started.cookie);
    expect(declined.statusCode).toBe(400);
    expect(declined.body).toContain('did not authorize Herald (access_denied)');
  });

  it('connects Instagram with a long-lived token (60 days) that works on graph.instagram.com', async () => {
    const done = await rig.connect('instagram');
    expect(done.body).toContain('Connected @mia on Instagram');
    const account = (await accountOf('instagram', 'mia')) as Account;
    expect(account.connection?.apiBaseUrl).toBe(`${rig.instagram.url}/v21.0`);
    expect(account.platformUserId).toBe('17841400000000001');
    const days = (account.tokenExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(rig.instagramAuth.tokenCalls).toMatchObject({ ig_exchange_token: 1 });
    // Refreshed a safe margin ahead, and not in its first day (Instagram refuses that).
    const ahead = (account.connection!.refreshAt!.getTime() - Date.now()) / 86_400_000;
    expect(ahead).toBeGreaterThan(50);
    expect(ahead).toBeLessThan(55);
  });

  it('registers Herald on a Mastodon server once and remembers it, with the client secret only in the vault', async () => {
    const first = await rig.connect(`mastodon ${rig.mastodon.url}`);
    expect(first.body).toContain('Connected @mia on Mastodon');
    rig.mastodonAuth.user = { id: '2', handle: 'zoe' };
    const second = await rig.connect(`mastodon ${rig.mastodon.url}`, {
      kind: 'slack',
      id: 'U0ZOE',
      name: 'zoe',
    });
    expect(second.body).toContain('Connected @zoe on Mastodon');
    expect(rig.mastodonAuth.appsRegistered).toBe(1);
    const clients = await rig.h.testDb.db.collection('oauth_clients').find().toArray();
    expect(clients).toHaveLength(1);
    const secret = [...rig.mastodonAuth.clients.values()][0]?.secret as string;
    expect(JSON.stringify(clients)).not.toContain(secret);
    const zoe = (await accountOf('mastodon', 'zoe')) as Account;
    expect(zoe.connection?.apiBaseUrl).toBe(rig.mastodon.url);
    expect(zoe.tokenExpiresAt).toBeUndefined();
    expect(zoe.connection?.refreshAt).toBeUndefined();
  });

  it('refuses a Mastodon server address it cannot read, and a platform it does not connect', async () => {
    await expect(rig.command('connect mastodon not a server')).rejects.toThrow(/more than connect takes/);
    await expect(rig.command('connect mastodon ftp://x')).rejects.toThrow(/not a server address/);
    await expect(rig.command('connect mastodon')).rejects.toThrow(/Which Mastodon server/);
    await expect(rig.command('connect myspace')).rejects.toThrow(/not a platform Herald connects/);
    await expect(rig.command('connect webhook')).rejects.toThrow(/not a platform Herald connects/);
  });
});

describe('Bluesky: handle and app password in a private form', () => {
  it('asks in a form, shows it again on a wrong password without echoing it, and connects with a session (the password is never kept)', async () => {
    const started = await rig.start((await rig.command('connect bluesky')).lines[0] as string);
    expect(started.res.statusCode).toBe(200);
    expect(started.res.body).toContain('name="password" type="password"');
    const state = /name="state" value="([^"]+)"/.exec(started.res.body)?.[1] as string;
    const post = (form: Record<string, string>) =>
      rig.app.inject({
        method: 'POST',
        url: '/oauth/bluesky/session',
        headers: { cookie: started.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
    const wrong = await post({ state, handle: '@mia.bsky.social', password: 'wrong-pass-word-1234' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Invalid identifier or password');
    expect(wrong.body).not.toContain('wrong-pass-word-1234');
    const retry = /name="state" value="([^"]+)"/.exec(wrong.body)?.[1] as string;
    expect(retry).not.toBe(state);
    expect(
      (await post({ state, handle: 'mia.bsky.social', password: rig.bluesky.state.appPassword })).statusCode,
    ).toBe(401);

    const ok = await post({
      state: retry,
      handle: 'mia.bsky.social',
      password: rig.bluesky.state.appPassword,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Connected @mia.bsky.social on Bluesky');
    const account = (await accountOf('bluesky', 'mia.bsky.social')) as Account;
    expect(account.connection).toMatchObject({ method: 'session', status: 'connected' });
    expect(account.platformUserId).toBe(rig.bluesky.state.did);
    const secret = (await rig.h.deps.vault!.reveal(rig.h.workspace.id, account.id)) as string;
    expect(secret).not.toContain(rig.bluesky.state.appPassword);
    expect(rig.blueskySessions.refresh.has(openGrant(secret).refreshToken as string)).toBe(true);
    // The access JWT's own `exp` (2 hours) sets the refresh time.
    expect((account.tokenExpiresAt!.getTime() - Date.now()) / 60_000).toBeGreaterThan(115);
  });
});

describe('refreshing Instagram and Bluesky, publishing with a session', () => {
  const due = (id: string) =>
    rig.h.testDb.db
      .collection('accounts')
      .updateOne({ _id: id as never }, { $set: { 'connection.refreshAt': new Date(Date.now() - 1000) } });

  it('refreshes Instagram’s long-lived token with refresh_access_token and a Bluesky session with refreshSession', async () => {
    const instagram = (await accountOf('instagram', 'mia')) as Account;
    const bluesky = (await accountOf('bluesky', 'mia.bsky.social')) as Account;
    await due(instagram.id);
    await due(bluesky.id);
    const oldSession = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, bluesky.id)) as string);
    const outcomes = await refreshDueTokens(rig.h.deps, 'worker-1');
    expect(outcomes).toEqual(['refreshed', 'refreshed']);
    expect(rig.instagramAuth.tokenCalls.ig_refresh_token).toBe(1);
    expect(rig.blueskySessions.refreshCalls).toBe(1);
    const session = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, bluesky.id)) as string);
    expect(session.refreshToken).not.toBe(oldSession.refreshToken);
    expect(rig.blueskySessions.refresh.has(oldSession.refreshToken as string)).toBe(false);
    const ig = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, instagram.id)) as string);
    expect(rig.instagram.state.token).toBe(ig.accessToken);
  });

  it('publishes to Bluesky with the stored session: no new session is opened from a password', async () => {
    const bluesky = (await accountOf('bluesky', 'mia.bsky.social')) as Account;
    const sessionsBefore = rig.bluesky.state.createSessionCalls;
    const { jobs } = await schedulePost(rig.h.deps, {
      workspaceId: rig.h.workspace.id,
      actor: MIA_PERSON,
      accountIds: [bluesky.id],
      caption: 'Hello from a refreshed session',
      scheduledAt: new Date(Date.now() + 60_000),
      timezone: 'UTC',
      localTime: 'x',
    });
    await rig.h.testDb.db
      .collection('publish_jobs')
      .updateOne({ _id: jobs[0]!.id as never }, { $set: { nextAttemptAt: new Date(Date.now() - 1000) } });
    const run = await runPublishJob(rig.h.deps, { jobId: jobs[0]!.id, workerId: 'w-test' });
    expect(run.outcome).toBe('published');
    expect(rig.bluesky.state.createSessionCalls).toBe(sessionsBefore);
    expect([...rig.bluesky.state.records.values()].map((r) => r.value.text)).toContain(
      'Hello from a refreshed session',
    );
  });
});
