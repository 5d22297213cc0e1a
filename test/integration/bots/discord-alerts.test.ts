import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warnExpiringTokens } from '../../../src/core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../../../src/core/use-cases/warn-pending-approvals.js';
import { type DiscordHarness, HQ, startDiscordHarness } from '../../support/discord-harness.js';

const postsAbout = (h: DiscordHarness, needle: string) =>
  h.fake.requestsTo('POST /channels/').filter((r) => JSON.stringify(r.body).includes(needle));

describe('Discord alerts channel: expiring tokens and approvals about to expire, once each', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'approval' });
    await h.answer(h.command('accounts'));
  });
  afterAll(async () => h?.close());

  it('a token expiring within 7 days posts one card, however many sweeps see it', async () => {
    const ws = await h.workspace();
    const [account] = await h.deps.accounts.list(ws.id);
    const expiresAt = new Date(Date.now() + 3 * 86_400_000);
    await h.testDb.db
      .collection('accounts')
      .updateOne({ _id: account?.id as never }, { $set: { tokenExpiresAt: expiresAt } });
    await Promise.all([warnExpiringTokens(h.deps), warnExpiringTokens(h.deps), warnExpiringTokens(h.deps)]);
    const card = await h.cardIn(HQ.alertsChannelId, 'Token of @demo');
    expect(card.components).toEqual([]);
    expect(postsAbout(h, 'Token of @demo')).toHaveLength(1);
  });

  it('an approval still pending within the hour before its time is called out once, with Approve on the card', async () => {
    const { postId } = await h.schedule('Due soon', 'in 30 minutes');
    expect(await warnPendingApprovals(h.deps)).toBe(1);
    expect(await warnPendingApprovals(h.deps)).toBe(0);
    const card = await h.cardIn(HQ.alertsChannelId, 'Approval about to expire');
    expect(JSON.stringify(card.components)).toContain(`herald:approve:${postId}`);
    expect(postsAbout(h, 'Approval about to expire')).toHaveLength(1);
  });
});

describe('Discord suggest-only campaigns', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'suggest_only', approvers: [] });
  });
  afterAll(async () => h?.close());

  it('a suggestion gets a "Publish now" card; pressing it makes the post due now', async () => {
    const { postId } = await h.schedule('Suggested');
    const card = await h.cardIn(HQ.alertsChannelId, `herald:publish_now:${postId}`);
    expect(JSON.stringify(card.embeds)).toContain('Suggested post for @demo');
    expect(JSON.stringify(card.components)).toMatch(/publish_now.*edit_time.*cancel/);
    expect((await h.jobsOf(postId))[0]?.status).toBe('suggested');
    await h.answer(h.press(`herald:publish_now:${postId}`, card));
    const updated = h.fake.messages(HQ.alertsChannelId).find((m) => m.id === card.id);
    expect(JSON.stringify(updated?.embeds)).toContain(`Publish now requested by <@${HQ.userId}>`);
    const [job] = await h.jobsOf(postId);
    expect(job?.status).toBe('scheduled');
    expect(job?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
