import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCampaign } from '../../support/seed.js';
import {
  ALERTS,
  actionIds,
  blocksText,
  SIGNING_SECRET,
  type SlackHarness,
  startSlackHarness,
} from '../../support/slack-harness.js';
import { blockActionsBody, postSigned } from '../../support/slack-signing.js';

const BOB = 'U0BOB';
const DAN = 'U0DAN';
const ALICE = 'U0ALICE';

describe('Slack approvals: cards, approvers, four-eyes, races and replays', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({
      mode: 'approval',
      approvers: [BOB, 'S0EDITORS'],
      usergroups: { S0EDITORS: [DAN] },
    });
  });
  afterAll(async () => h.close());

  /** Alice schedules and confirms; returns the post id and its approval card in the alerts channel. */
  async function awaitingApproval(caption: string, user = ALICE) {
    const postId = await h.confirmSchedule(`schedule @demo "${caption}" tomorrow 9am`, user);
    const card = await h.fake.waitFor((s) =>
      s.messages.find(
        (m) => m.channel === ALERTS && blocksText(m.blocks).includes(`herald:approve:${postId}`),
      ),
    );
    return { postId, card };
  }

  async function jobsOf(postId: string) {
    return h.deps.jobs.listByPost((await h.workspace()).id, postId);
  }

  it('posts one approval card with Approve / Reject / Edit time; an approver approves and the card shows who and when', async () => {
    const { postId, card } = await awaitingApproval('Needs a yes');
    expect(actionIds(card.blocks).map((id) => id.split(':')[1])).toEqual(['approve', 'reject', 'edit_time']);
    expect(blocksText(card.blocks)).toContain('awaiting approval');
    const res = await h.press(`herald:approve:${postId}`, { user: BOB, messageTs: card.ts });
    expect(res.status).toBe(200);
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain(`Approved by <@${BOB}>`);
    expect(actionIds(updated.blocks)).toEqual([]);
    expect((await jobsOf(postId)).map((j) => j.status)).toEqual(['scheduled']);
    const cards = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.params).includes(`herald:approve:${postId}`));
    expect(cards).toHaveLength(1);
  });

  it('a user-group member approves; once removed from the group, the next press is refused', async () => {
    const first = await awaitingApproval('Group yes');
    await h.press(`herald:approve:${first.postId}`, { user: DAN, messageTs: first.card.ts });
    await h.fake.waitFor((s) => s.updates.find((u) => u.ts === first.card.ts));
    expect((await jobsOf(first.postId))[0]?.status).toBe('scheduled');
    h.fake.state.usergroups.S0EDITORS = [];
    const second = await awaitingApproval('Group no');
    await h.press(`herald:approve:${second.postId}`, {
      user: DAN,
      messageTs: second.card.ts,
      responseId: 'dan-refused',
    });
    expect((await h.reply('dan-refused')).text).toContain('Only approvers');
    expect((await jobsOf(second.postId))[0]?.status).toBe('awaiting_approval');
  });

  it('a non-approver is refused politely, only to them, with an audit row and no card change', async () => {
    const { postId, card } = await awaitingApproval('Not yours');
    const updatesBefore = h.fake.updates.length;
    await h.press(`herald:approve:${postId}`, { user: 'U0CAROL', messageTs: card.ts, responseId: 'carol' });
    const refusal = await h.reply('carol');
    expect(refusal.response_type).toBe('ephemeral');
    expect(refusal.text).toContain('Only approvers');
    const refused = await h.testDb.db
      .collection('audit_events')
      .find({ action: 'post.decision_refused' })
      .toArray();
    expect(refused.some((r) => r.subject.id === postId && r.actor.id === 'U0CAROL')).toBe(true);
    expect(h.fake.updates.length).toBe(updatesBefore);
    expect((await jobsOf(postId))[0]?.status).toBe('awaiting_approval');
  });

  it('with four-eyes on, an approver cannot approve their own post', async () => {
    const ws = await h.workspace();
    const campaign = (await h.deps.campaigns.list(ws.id))[0];
    await setCampaign(h.deps, ws.id, campaign?.id as string, { fourEyes: true });
    try {
      const { postId, card } = await awaitingApproval('My own', BOB);
      await h.press(`herald:approve:${postId}`, { user: BOB, messageTs: card.ts, responseId: 'own' });
      expect((await h.reply('own')).text).toContain('Four-eyes');
      expect((await jobsOf(postId))[0]?.status).toBe('awaiting_approval');
    } finally {
      await setCampaign(h.deps, ws.id, campaign?.id as string, { fourEyes: false });
    }
  });

  it('Reject asks for a reason in a modal; the submission cancels the post and updates the card', async () => {
    const { postId, card } = await awaitingApproval('Off-brand');
    await h.press(`herald:reject:${postId}`, { user: BOB, messageTs: card.ts });
    const opened = await h.fake.waitFor((s) =>
      s.views.find(
        (v) =>
          (v.view as { callback_id?: string }).callback_id === 'herald_reject' &&
          String((v.view as { private_metadata?: string }).private_metadata).includes(postId),
      ),
    );
    const res = await h.submit({
      callbackId: 'herald_reject',
      userId: BOB,
      privateMetadata: String((opened.view as { private_metadata: string }).private_metadata),
      values: { reason: { value: 'Wrong colours' } },
    });
    expect(res.status).toBe(200);
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain(`Rejected by <@${BOB}>`);
    expect(blocksText(updated.blocks)).toContain('Wrong colours');
    const [job] = await jobsOf(postId);
    expect(job?.status).toBe('cancelled');
    expect(job?.lastError?.message).toBe('Wrong colours');
  });

  it('Edit time reads a new time in the modal; an unreadable one is shown on the field', async () => {
    const { postId, card } = await awaitingApproval('Later please');
    await h.press(`herald:edit_time:${postId}`, { user: BOB, messageTs: card.ts });
    const opened = await h.fake.waitFor((s) =>
      s.views.find(
        (v) =>
          (v.view as { callback_id?: string }).callback_id === 'herald_time' &&
          String((v.view as { private_metadata?: string }).private_metadata).includes(postId),
      ),
    );
    const meta = String((opened.view as { private_metadata: string }).private_metadata);
    const bad = await h.submit({
      callbackId: 'herald_time',
      userId: BOB,
      privateMetadata: meta,
      values: { when: { value: 'blurgsday' } },
    });
    expect(JSON.parse(bad.body)).toMatchObject({
      response_action: 'errors',
      errors: { when: expect.stringContaining('blurgsday') },
    });
    const ok = await h.submit({
      callbackId: 'herald_time',
      userId: BOB,
      privateMetadata: meta,
      values: { when: { value: '+1h' } },
    });
    expect(ok.status).toBe(200);
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain('Rescheduled by');
    const post = await h.deps.posts.get((await h.workspace()).id, postId);
    expect(post?.localTime.endsWith('T10:00')).toBe(true);
  });

  it('50 concurrent Approve and Reject presses make exactly one decision', async () => {
    const { postId, card } = await awaitingApproval('Race');
    // Approve is one press; Reject is a press then a reason form: race 25 of each final step.
    const meta = JSON.stringify({ channelId: ALERTS, ts: card.ts, postId });
    const presses = Array.from({ length: 50 }, (_, i) => {
      const user = i % 4 < 2 ? BOB : DAN;
      return i % 2 === 0
        ? h.press(`herald:approve:${postId}`, { user, messageTs: card.ts })
        : h.submit({
            callbackId: 'herald_reject',
            userId: user,
            privateMetadata: meta,
            values: { reason: { value: `no ${i}` } },
          });
    });
    const results = await Promise.all(presses);
    expect(results.every((r) => r.status === 200)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const jobs = await jobsOf(postId);
    const decisions = await h.testDb.db
      .collection('audit_events')
      .find({ 'subject.id': jobs[0]?.id, action: { $in: ['job.scheduled', 'job.cancelled'] } })
      .toArray();
    expect(decisions).toHaveLength(1);
    expect(['scheduled', 'cancelled']).toContain(jobs[0]?.status);
    expect(h.fake.updates.filter((u) => u.ts === card.ts)).toHaveLength(1);
  });

  it('the same signed press replayed 5 times changes state once, audits once, updates the card once', async () => {
    const { postId, card } = await awaitingApproval('Replay');
    const body = blockActionsBody({
      actionId: `herald:approve:${postId}`,
      value: postId,
      userId: BOB,
      userName: 'bob',
      channelId: ALERTS,
      messageTs: card.ts,
      responseUrl: h.fake.responseUrl('replay'),
    });
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await postSigned(h.url, SIGNING_SECRET, body));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await new Promise((r) => setTimeout(r, 1000));
    const [job] = await jobsOf(postId);
    expect(job?.status).toBe('scheduled');
    const transitions = await h.testDb.db
      .collection('audit_events')
      .find({ action: 'job.scheduled', 'subject.id': job?.id })
      .toArray();
    expect(transitions).toHaveLength(1);
    expect(h.fake.updates.filter((u) => u.ts === card.ts)).toHaveLength(1);
    // Replays are recognised, not refused: the approver sees no "nothing to approve" message.
    expect(h.fake.responses.filter((r) => r.id === 'replay')).toEqual([]);
  });

  it('a press on a post of another Slack team is "not found" and changes nothing', async () => {
    const { postId, card } = await awaitingApproval('Tenant');
    const body = blockActionsBody({
      actionId: `herald:approve:${postId}`,
      value: postId,
      userId: BOB,
      teamId: 'T0OTHER',
      channelId: ALERTS,
      messageTs: card.ts,
      responseUrl: h.fake.responseUrl('tenant'),
    });
    await postSigned(h.url, SIGNING_SECRET, body);
    expect((await h.reply('tenant')).text).toContain(`No post with id "${postId}"`);
    expect((await jobsOf(postId))[0]?.status).toBe('awaiting_approval');
  });
});
