import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCore } from '../../../src/compose.js';
import { runCardAction } from '../../../src/core/cards/card-actions.js';
import { openGrant } from '../../../src/core/domain/connection.js';
import type { Account } from '../../../src/core/domain/types.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { refreshDueTokens } from '../../../src/core/use-cases/refresh-tokens.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { sweep } from '../../../src/jobs/sweep.js';
import { type ConnectRig, secretsOf, startConnectRig } from '../../support/connect-rig.js';
import { type FakeMediaHost, startFakeMediaHost } from '../../support/fakes/index.js';
import { revokeEverything } from '../../support/fakes/oauth-fake.js';
import { RecordingQueue } from '../../support/harness.js';

/**
 * Tokens are refreshed a safe margin before they expire, by exactly one worker; a refresh the
 * platform refuses for good marks the account `needs_reconnect`, alerts once with a Reconnect
 * button and holds its posts; disconnecting revokes and forgets. No token reaches a log or an
 * audit row on the way.
 */

let rig: ConnectRig;
let media: FakeMediaHost;
const swept = () => sweep(rig.h.deps, { staleMs: 60_000, logger: rig.logger, workerId: 'w-test' });

beforeAll(async () => {
  rig = await startConnectRig('refresh');
  media = await startFakeMediaHost();
});
afterAll(async () => {
  await media?.close();
  await rig?.close();
});

async function tiktokAccount(): Promise<Account> {
  return (await rig.h.deps.accounts.findByHandle(rig.h.workspace.id, 'mia', 'tiktok'))[0] as Account;
}

async function scheduleVideo(account: Account, inMs: number) {
  return schedulePost(rig.h.deps, {
    workspaceId: rig.h.workspace.id,
    actor: { kind: 'console', id: 'tester' },
    accountIds: [account.id],
    caption: `Behind the scenes ${inMs}`,
    media: [{ url: media.urlOf('clip.mp4'), kind: 'video' }],
    scheduledAt: new Date(Date.now() + inMs),
    timezone: 'UTC',
    localTime: 'x',
  });
}

/** Makes the account's job due now, as the clock would. */
async function dueNow(jobId: string) {
  await rig.h.testDb.db
    .collection('publish_jobs')
    .updateOne({ _id: jobId as never }, { $set: { nextAttemptAt: new Date(Date.now() - 1000) } });
}

describe('refreshing tokens before they expire', () => {
  it('refreshes a TikTok token that expires in 5 minutes with its refresh token, and the next post publishes with the new one', async () => {
    rig.tiktokAuth.accessTtlSeconds = 300;
    expect((await rig.connect('tiktok')).statusCode).toBe(200);
    const before = await tiktokAccount();
    expect((before.tokenExpiresAt!.getTime() - Date.now()) / 60_000).toBeLessThan(5.1);
    const oldGrant = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, before.id)) as string);
    rig.tiktokAuth.accessTtlSeconds = 86_400;

    await swept();
    expect(rig.tiktokAuth.tokenCalls.refresh_token).toBe(1);
    const after = await tiktokAccount();
    expect((after.tokenExpiresAt!.getTime() - Date.now()) / 3_600_000).toBeGreaterThan(23.9);
    expect(after.connection).toMatchObject({ status: 'connected' });
    expect(after.connection?.refreshing).toBeUndefined();
    const grant = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, after.id)) as string);
    // TikTok rotates refresh tokens: the old pair is gone, the new one is kept.
    expect(grant.accessToken).not.toBe(oldGrant.accessToken);
    expect(grant.refreshToken).not.toBe(oldGrant.refreshToken);
    expect(rig.tiktok.state.token).toBe(grant.accessToken);
    await swept();
    expect(rig.tiktokAuth.tokenCalls.refresh_token).toBe(1);

    const { jobs } = await scheduleVideo(after, 60_000);
    await dueNow(jobs[0]!.id);
    const run = await runPublishJob(rig.h.deps, { jobId: jobs[0]!.id, workerId: 'w-test' });
    expect(run.outcome).toBe('published');
    expect(rig.tiktok.state.videos.map((v) => v.title)).toContain('Behind the scenes 60000');
    const audit = await rig.h.deps.audit.list({
      workspaceId: rig.h.workspace.id,
      subjectId: after.id,
      limit: 20,
    });
    expect(audit.filter((a) => a.action === 'account.token_refreshed')).toHaveLength(1);
  });

  it('refreshes once when two workers race for the same account', async () => {
    const account = await tiktokAccount();
    await rig.h.testDb.db
      .collection('accounts')
      .updateOne(
        { _id: account.id as never },
        { $set: { 'connection.refreshAt': new Date(Date.now() - 1000) } },
      );
    const other = composeCore({
      db: rig.h.testDb.db,
      clock: systemClock,
      ids: new RandomIds(),
      queue: new RecordingQueue(),
      notifier: rig.h.notifier,
    });
    other.vault = rig.h.deps.vault;
    other.connectorFor = rig.h.deps.connectorFor;
    const calls = rig.tiktokAuth.tokenCalls.refresh_token;
    rig.tiktok.setLatency(150);
    const [a, b] = await Promise.all([
      refreshDueTokens(rig.h.deps, 'worker-a'),
      refreshDueTokens(other, 'worker-b'),
    ]);
    rig.tiktok.setLatency(0);
    expect(rig.tiktokAuth.tokenCalls.refresh_token - calls).toBe(1);
    expect([...a, ...b].filter((o) => o === 'refreshed')).toHaveLength(1);
    const grant = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, account.id)) as string);
    expect(rig.tiktok.state.token).toBe(grant.accessToken);
  });

  it('a revoked refresh token: one alert with a Reconnect button, needs_reconnect, the posts held in needs_attention — and a reconnect resumes them', async () => {
    const account = await tiktokAccount();
    const first = await scheduleVideo(account, 3 * 3_600_000);
    const second = await scheduleVideo(account, 5 * 3_600_000);
    const jobIds = [first.jobs[0]!.id, second.jobs[0]!.id];
    revokeEverything(rig.tiktokAuth);
    await rig.h.testDb.db
      .collection('accounts')
      .updateOne(
        { _id: account.id as never },
        { $set: { 'connection.refreshAt': new Date(Date.now() - 1000) } },
      );

    await Promise.all([swept(), swept(), swept()]);
    await swept();
    const alerts = rig.h.notifier.ofType('account_needs_reconnect');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.notification).toMatchObject({ accountId: account.id, held: 2, handle: 'mia' });
    const marked = await tiktokAccount();
    expect(marked.connection).toMatchObject({ status: 'needs_reconnect' });
    expect(marked.connection?.reason).toContain('invalid_grant');
    const held = await rig.h.deps.jobs.getMany(rig.h.workspace.id, jobIds);
    expect(held.map((j) => [j.status, j.lastError?.code])).toEqual([
      ['needs_attention', 'account_needs_reconnect'],
      ['needs_attention', 'account_needs_reconnect'],
    ]);
    const view = await rig.h.deps.accounts.get(rig.h.workspace.id, account.id);
    expect(view?.connection?.refreshAt).toBeUndefined();

    // The alert's Reconnect button gives the presser their own link; the flow resumes the posts.
    const pressed = await runCardAction(
      rig.h.deps,
      {
        workspace: rig.h.workspace,
        actor: { kind: 'slack', id: 'U0BOSS', name: 'boss' },
        channel: 'C0ALERTS',
      },
      { id: 'reconnect', target: account.id },
    );
    expect(pressed.kind).toBe('private');
    const link = /http:\/\/\S+\/oauth\/tiktok\/start\?link=[\w-]+/.exec(
      pressed.kind === 'private' ? pressed.message : '',
    )?.[0] as string;
    const started = await rig.start(link);
    const done = await rig.callback(await rig.allow(started.location), started.cookie);
    expect(done.body).toContain('Reconnected @mia on TikTok');
    const resumed = await rig.h.deps.jobs.getMany(rig.h.workspace.id, jobIds);
    expect(resumed.map((j) => j.status)).toEqual(['scheduled', 'scheduled']);
    expect(resumed.every((j) => j.lastError === undefined)).toBe(true);
    expect((await tiktokAccount()).connection?.status).toBe('connected');
    expect(rig.h.notifier.ofType('account_connected').at(-1)?.notification).toMatchObject({
      channel: 'C0ALERTS',
      reconnected: true,
      resumed: 2,
    });
  });
});

describe('disconnecting', () => {
  it('`disconnect @mia tiktok` revokes at TikTok, deletes the tokens and holds the pending posts', async () => {
    const account = await tiktokAccount();
    const grant = openGrant((await rig.h.deps.vault!.reveal(rig.h.workspace.id, account.id)) as string);
    const reply = await rig.command('disconnect @mia tiktok');
    expect(reply.public).toBe(true);
    expect(reply.title).toBe('Disconnected @mia on TikTok');
    expect(reply.lines.join(' ')).toContain('revoked at TikTok');
    expect(reply.lines.join(' ')).toContain('2 post jobs held');
    expect(rig.tiktokAuth.revoked).toContain(grant.accessToken);
    expect(await rig.h.deps.vault!.reveal(rig.h.workspace.id, account.id)).toBeNull();
    const after = await tiktokAccount();
    expect(after.credentialId).toBeUndefined();
    expect(after.connection?.status).toBe('disconnected');
    const jobs = await rig.h.deps.jobs.listByAccountInWindow(
      rig.h.workspace.id,
      account.id,
      new Date(),
      new Date(Date.now() + 86_400_000),
    );
    expect(jobs.filter((j) => j.lastError?.code === 'account_disconnected')).toHaveLength(2);
    await expect(rig.command('disconnect @mia tiktok')).rejects.toThrow(/is not connected/);
  });

  it('DELETE /v1/accounts/:id/connection revokes at Mastodon; Instagram, which offers no revocation, is said so', async () => {
    const key = await rig.key(['admin']);
    const read = await rig.key(['read', 'write']);
    await rig.connect(`mastodon ${rig.mastodon.url}`);
    await rig.connect('instagram');
    const mastodon = (
      await rig.h.deps.accounts.findByHandle(rig.h.workspace.id, 'mia', 'mastodon')
    )[0] as Account;
    const instagram = (
      await rig.h.deps.accounts.findByHandle(rig.h.workspace.id, 'mia', 'instagram')
    )[0] as Account;
    const del = (id: string, k: string) =>
      rig.app.inject({
        method: 'DELETE',
        url: `/v1/accounts/${id}/connection`,
        headers: { authorization: `Bearer ${k}` },
      });
    expect((await del(mastodon.id, read)).statusCode).toBe(403);
    const token = rig.mastodon.state.token;
    const res = await del(mastodon.id, key);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revocation: 'revoked', account: { connected: false } });
    expect(rig.mastodonAuth.revoked).toContain(token);
    const ig = (await del(instagram.id, key)).json();
    expect(ig.revocation).toBe('not_offered');
    expect(ig.lines[0]).toContain('offers no revocation');
    expect((await del(instagram.id, key)).statusCode).toBe(409);
  });
});

describe('counted and kept secret', () => {
  it('counts connects, refreshes and disconnects in /metrics', async () => {
    const text = (await rig.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(
      /herald_account_connections_total\{event="connect",platform="tiktok",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /herald_account_connections_total\{event="refresh",platform="tiktok",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /herald_account_connections_total\{event="refresh",platform="tiktok",outcome="revoked"\} 1/,
    );
    expect(text).toMatch(
      /herald_account_connections_total\{event="disconnect",platform="mastodon",outcome="revoked"\} 1/,
    );
  });

  it('no token, code, state or password appears in any log line, audit row or notification', async () => {
    const secrets = secretsOf(rig);
    expect(secrets.length).toBeGreaterThan(8);
    const audit = JSON.stringify(await rig.h.testDb.db.collection('audit_events').find().toArray());
    const notices = JSON.stringify(rig.h.notifier.sent);
    const logs = rig.logs.join('\n');
    expect(rig.logs.length).toBeGreaterThan(10);
    expect(logs).toContain('/oauth/tiktok/callback');
    for (const secret of secrets) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(notices).not.toContain(secret);
    }
    // One-time secrets in URLs (links, codes, states) are kept out of the request log too.
    expect(logs).not.toMatch(/link=[\w-]{20,}|code=code\.|state=[\w-]{20,}/);
  });
});
