import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_RETRY_MS } from '../../../src/core/use-cases/notify.js';
import { warnExpiringTokens } from '../../../src/core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../../../src/core/use-cases/warn-pending-approvals.js';
import {
  ALERTS,
  actionIds,
  blocksText,
  type SlackHarness,
  startSlackHarness,
} from '../../support/slack-harness.js';

describe('Slack alerts channel: expiring tokens and approvals about to expire, once each', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'approval', approvers: ['U0BOB'] });
    await h.reply((await h.command('accounts')).responseId);
  });
  afterAll(async () => h.close());

  const alertsAbout = (needle: string) =>
    h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.params.channel === ALERTS && JSON.stringify(c.params).includes(needle));

  it('a token expiring within 7 days posts one card, however many sweeps see it', async () => {
    const ws = await h.workspace();
    const [account] = await h.deps.accounts.list(ws.id);
    const expiresAt = new Date(Date.now() + 3 * 86_400_000);
    await h.testDb.db
      .collection('accounts')
      .updateOne({ _id: account?.id as never }, { $set: { tokenExpiresAt: expiresAt } });
    await Promise.all([warnExpiringTokens(h.deps), warnExpiringTokens(h.deps), warnExpiringTokens(h.deps)]);
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes('Token of @demo')),
    );
    expect(card.channel).toBe(ALERTS);
    expect(alertsAbout('Token of @demo')).toHaveLength(1);
  });

  it('an approval still pending within the hour before its time is called out once, with Approve on the card', async () => {
    const postId = await h.confirmSchedule('schedule @demo "Due soon" in 30 minutes');
    expect(await warnPendingApprovals(h.deps)).toBe(1);
    expect(await warnPendingApprovals(h.deps)).toBe(0);
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes('Approval about to expire')),
    );
    expect(actionIds(card.blocks)).toContain(`herald:approve:${postId}`);
    expect(alertsAbout('Approval about to expire')).toHaveLength(1);
  });
});

/** The harness's core as a sweep sees it once ALERT_RETRY_MS has passed. */
const later = (h: SlackHarness) => ({
  ...h.deps,
  clock: { now: () => new Date(Date.now() + ALERT_RETRY_MS) },
});

describe('Slack alerts missed while Slack refused them', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'approval', approvers: ['U0BOB'] });
    await h.reply((await h.command('accounts')).responseId);
  });
  afterAll(async () => h.close());

  const cards = (needle: string) =>
    h.fake.messages.filter((m) => m.channel === ALERTS && blocksText(m.blocks).includes(needle));

  it('an expiring-token alert Slack refused goes out on a sweep 5 minutes later, and then never again', async () => {
    const ws = await h.workspace();
    const [account] = await h.deps.accounts.list(ws.id);
    await h.testDb.db
      .collection('accounts')
      .updateOne(
        { _id: account?.id as never },
        { $set: { tokenExpiresAt: new Date(Date.now() + 2 * 86_400_000) } },
      );
    h.fake.failNext({ status: 200, body: { ok: false, error: 'not_in_channel' }, match: 'chat.postMessage' });
    expect(await warnExpiringTokens(h.deps)).toBe(0);
    expect(cards('Token of @demo')).toHaveLength(0);
    // The next sweeps leave it alone for ALERT_RETRY_MS, then one sends it.
    expect(await warnExpiringTokens(h.deps)).toBe(0);
    expect(await warnExpiringTokens(later(h))).toBe(1);
    expect(await warnExpiringTokens(later(h))).toBe(0);
    expect(cards('Token of @demo')).toHaveLength(1);
  });

  it('an approval-expiring alert Slack refused goes out on a sweep 5 minutes later, and then never again', async () => {
    await h.confirmSchedule('schedule @demo "Due soon, Slack down" in 40 minutes');
    h.fake.failNext({
      status: 200,
      body: { ok: false, error: 'channel_not_found' },
      match: 'chat.postMessage',
    });
    expect(await warnPendingApprovals(h.deps)).toBe(0);
    expect(await warnPendingApprovals(h.deps)).toBe(0);
    expect(await warnPendingApprovals(later(h))).toBe(1);
    expect(await warnPendingApprovals(later(h))).toBe(0);
    expect(cards('Approval about to expire')).toHaveLength(1);
  });
});

describe('Slack suggest-only campaigns', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'suggest_only' });
  });
  afterAll(async () => h.close());

  it('a suggestion gets a "Publish now" card; pressing it makes the post due now (no force flag needed)', async () => {
    const postId = await h.confirmSchedule('schedule @demo "Suggested" tomorrow 9am');
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:publish_now:${postId}`)),
    );
    expect(blocksText(card.blocks)).toContain('Suggested post for @demo');
    expect(actionIds(card.blocks).map((a) => a.split(':')[1])).toEqual([
      'publish_now',
      'edit_time',
      'cancel',
    ]);
    const [before] = await h.deps.jobs.listByPost((await h.workspace()).id, postId);
    expect(before?.status).toBe('suggested');
    await h.press(`herald:publish_now:${postId}`, { messageTs: card.ts });
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain('Publish now requested by <@U0ALICE>');
    const [after] = await h.deps.jobs.listByPost((await h.workspace()).id, postId);
    expect(after?.status).toBe('scheduled');
    expect(after?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('Slack alert delivery failures', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'auto' });
    await h.reply((await h.command('accounts')).responseId);
  });
  afterAll(async () => h.close());

  it('a card Slack refused is posted when the event is seen again, and then only once', async () => {
    const ws = await h.workspace();
    const [account] = await h.deps.accounts.list(ws.id);
    const event = {
      type: 'token_expiring' as const,
      workspaceId: ws.id,
      accountId: account?.id as string,
      expiresAt: new Date(Date.now() + 86_400_000),
    };
    h.fake.failNext({ status: 200, body: { ok: false, error: 'not_in_channel' }, match: 'chat.postMessage' });
    await expect(h.deps.notifier.notify(ws.id, event)).rejects.toThrow();
    expect(h.fake.messages.filter((m) => blocksText(m.blocks).includes('Token of @demo'))).toHaveLength(0);
    await h.deps.notifier.notify(ws.id, event);
    await h.deps.notifier.notify(ws.id, event);
    expect(h.fake.messages.filter((m) => blocksText(m.blocks).includes('Token of @demo'))).toHaveLength(1);
  });
});
