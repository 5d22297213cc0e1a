import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishJob } from '../../../src/core/domain/types.js';
import { approvePost } from '../../../src/core/use-cases/approve-post.js';
import { warnPendingApprovals } from '../../../src/core/use-cases/warn-pending-approvals.js';
import {
  ALERTS,
  actionIds,
  blocksText,
  type SlackHarness,
  startSlackHarness,
} from '../../support/slack-harness.js';

const confirmed = (h: SlackHarness, text: string, user?: string) => h.confirmSchedule(text, user);

const byTime = (jobs: PublishJob[]) =>
  [...jobs].sort((a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime());

describe('Slack cards on a recurring series act on one occurrence', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'suggest_only' });
  });
  afterAll(async () => h.close());

  it('"Publish now" on a suggested daily series publishes only the next occurrence', async () => {
    const postId = await confirmed(h, 'schedule @demo "Daily tip" every day at 9am');
    const ws = await h.workspace();
    const jobs = byTime(await h.deps.jobs.listByPost(ws.id, postId));
    expect(jobs.length).toBeGreaterThan(5);
    await h.press(`herald:publish_now:${postId}`, { responseId: 'series-now' });
    await h.fake.waitFor((s) => s.updates.length > 0 || s.responses.some((r) => r.id === 'series-now'));
    const after = byTime(await h.deps.jobs.listByPost(ws.id, postId));
    expect(after[0]?.status).toBe('scheduled');
    expect(after.slice(1).every((j) => j.status === 'suggested')).toBe(true);
  });

  it('"/herald now" on a one-off suggestion closes its card in the channel: no second "Publish now" to press', async () => {
    const postId = await confirmed(h, 'schedule @demo "Suggested once" tomorrow 9am');
    const offers = (m: { blocks: unknown[] | undefined }) =>
      blocksText(m.blocks).includes(`herald:publish_now:${postId}`);
    const card = await h.fake.waitFor((s) => s.messages.find(offers));
    await h.reply((await h.command(`now ${postId}`)).responseId);
    const closed = await h.fake.waitFor((s) => s.messages.find((m) => m.ts === card.ts && !offers(m)));
    expect(blocksText(closed.blocks)).toContain('Publish now requested by <@');
    expect(actionIds(closed.blocks)).toEqual([]);
  });

  it('"/herald cancel" on a suggestion closes its card', async () => {
    const postId = await confirmed(h, 'schedule @demo "Suggested, then dropped" tomorrow 10am');
    const offers = (m: { blocks: unknown[] | undefined }) =>
      blocksText(m.blocks).includes(`herald:publish_now:${postId}`);
    const card = await h.fake.waitFor((s) => s.messages.find(offers));
    await h.reply((await h.command(`cancel ${postId}`)).responseId);
    const closed = await h.fake.waitFor((s) => s.messages.find((m) => m.ts === card.ts && !offers(m)));
    expect(blocksText(closed.blocks)).toContain('Cancelled by <@');
  });

  it('"/herald now" on a suggested series keeps its card open: the later occurrences are still suggestions', async () => {
    const postId = await confirmed(h, 'schedule @demo "Daily suggestion" every day at 8am');
    const offers = (m: { blocks: unknown[] | undefined }) =>
      blocksText(m.blocks).includes(`herald:publish_now:${postId}`);
    const card = await h.fake.waitFor((s) => s.messages.find(offers));
    const updates = h.fake.updates.length;
    await h.reply((await h.command(`now ${postId}`)).responseId);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.fake.updates.slice(updates).filter((u) => u.ts === card.ts)).toEqual([]);
  });

  it("Cancel on one occurrence's alert cancels that job only; the series goes on", async () => {
    const postId = await confirmed(h, 'schedule @demo "Weekly" every monday at 10am');
    const ws = await h.workspace();
    const [first, ...rest] = byTime(await h.deps.jobs.listByPost(ws.id, postId));
    // Make the first occurrence need attention, as a failed publish would, and alert on it.
    const moved = await h.deps.jobs.transition(first?.id as string, { from: ['suggested'] }, 'scheduled');
    const stuck = await h.deps.jobs.transition(
      moved?.id as string,
      { from: ['scheduled'] },
      'needs_attention',
      {
        lastError: { code: 'x', message: 'stuck' },
      },
    );
    await h.deps.notifier.notify(ws.id, {
      type: 'needs_attention',
      job: stuck as PublishJob,
      reason: 'stuck',
    });
    const card = await h.fake.waitFor((s) =>
      s.messages.find(
        (m) => m.channel === ALERTS && blocksText(m.blocks).includes(`herald:cancel:${first?.id}`),
      ),
    );
    await h.press(`herald:cancel:${first?.id}`, { messageTs: card.ts });
    await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    const after = await h.deps.jobs.listByPost(ws.id, postId);
    expect(after.find((j) => j.id === first?.id)?.status).toBe('cancelled');
    expect(after.filter((j) => rest.some((r) => r.id === j.id)).every((j) => j.status === 'suggested')).toBe(
      true,
    );
    expect((await h.deps.posts.get(ws.id, postId))?.status).toBe('active');
  });

  it("Reschedule on one occurrence's alert moves that occurrence only; the series keeps its rule", async () => {
    const postId = await confirmed(h, 'schedule @demo "Weekly slot" every tuesday at 10am');
    const ws = await h.workspace();
    const [first, ...rest] = byTime(await h.deps.jobs.listByPost(ws.id, postId));
    const rule = (await h.deps.posts.get(ws.id, postId))?.recurrence;
    const moved = await h.deps.jobs.transition(first?.id as string, { from: ['suggested'] }, 'scheduled');
    const stuck = await h.deps.jobs.transition(
      moved?.id as string,
      { from: ['scheduled'] },
      'needs_attention',
      {
        lastError: { code: 'x', message: 'stuck' },
      },
    );
    await h.deps.notifier.notify(ws.id, {
      type: 'needs_attention',
      job: stuck as PublishJob,
      reason: 'stuck',
    });
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:reschedule:${first?.id}`)),
    );
    await h.press(`herald:reschedule:${first?.id}`, { messageTs: card.ts });
    const opened = await h.fake.waitFor((s) =>
      s.views.find(
        (v) =>
          (v.view as { callback_id?: string }).callback_id === 'herald_time' &&
          String((v.view as { private_metadata?: string }).private_metadata).includes(first?.id as string),
      ),
    );
    const ok = await h.submit({
      callbackId: 'herald_time',
      privateMetadata: String((opened.view as { private_metadata: string }).private_metadata),
      values: { when: { value: '+2h' } },
    });
    expect(ok.status).toBe(200);
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain('Rescheduled by');
    const after = await h.deps.jobs.listByPost(ws.id, postId);
    const job = after.find((j) => j.id === first?.id);
    expect(job?.status).toBe('scheduled');
    const movedTo = (first?.occurrenceAt.getTime() ?? 0) + 2 * 3_600_000;
    expect(job?.nextAttemptAt.getTime()).toBe(movedTo);
    expect(job?.occurrenceAt.getTime()).toBe(movedTo);
    // Still the same occurrence of the rule: a skip or an exception names it by this.
    expect(job?.seriesAt?.getTime()).toBe(first?.occurrenceAt.getTime());
    for (const r of rest) {
      const now = after.find((j) => j.id === r.id);
      expect([now?.status, now?.nextAttemptAt.getTime()]).toEqual(['suggested', r.nextAttemptAt.getTime()]);
    }
    const post = await h.deps.posts.get(ws.id, postId);
    expect(post?.recurrence?.rrule).toBe(rule?.rrule);
    expect(post?.recurrence?.start).toBe(rule?.start);
    // The post's own time follows its jobs: the moved occurrence is still the next one.
    expect(post?.scheduledAt.getTime()).toBe(movedTo);
  });

  it('"/herald reschedule" of a whole series: one time is refused with the ways that work; a shift moves its clock', async () => {
    const postId = await confirmed(h, 'schedule @demo "Whole series" every wednesday at 10am');
    const ws = await h.workspace();
    const refused = await h.reply((await h.command(`reschedule ${postId} tomorrow 3pm`)).responseId);
    expect(blocksText(refused.blocks) + (refused.text ?? '')).toContain('every monday at 10:00');
    const before = await h.deps.jobs.listByPost(ws.id, postId);
    const reply = await h.reply((await h.command(`reschedule ${postId} +1h`)).responseId);
    expect(blocksText(reply.blocks)).toContain('Re-timed the series');
    const after = await h.deps.jobs.listByPost(ws.id, postId);
    for (const old of before) expect(after.find((j) => j.id === old.id)?.status).toBe('cancelled');
    const fresh = after.filter((j) => !before.some((b) => b.id === j.id));
    expect(fresh.length).toBeGreaterThan(0);
    for (const j of fresh) {
      expect(j.status).toBe('suggested');
      expect(j.occurrenceAt.getUTCHours()).toBe(11);
      expect(j.occurrenceAt.getUTCDay()).toBe(3);
    }
    expect((await h.deps.posts.get(ws.id, postId))?.recurrence?.start).toMatch(/T11:00$/);
  });
});

describe('Slack approvals survive edits and commands', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({
      mode: 'approval',
      approvers: ['U0BOB', 'S0EDITORS'],
      usergroups: { S0EDITORS: ['U0DAN'] },
    });
  });
  afterAll(async () => h.close());

  it('moving an approved post asks for approval again, with a new card', async () => {
    const postId = await confirmed(h, 'schedule @demo "Approved once" tomorrow 9am');
    await h.press(`herald:approve:${postId}`, { user: 'U0BOB' });
    const ws = await h.workspace();
    for (
      let i = 0;
      i < 40 && (await h.deps.jobs.listByPost(ws.id, postId))[0]?.status !== 'scheduled';
      i += 1
    )
      await new Promise((r) => setTimeout(r, 50));
    expect((await h.deps.jobs.listByPost(ws.id, postId))[0]?.status).toBe('scheduled');
    await h.reply((await h.command(`reschedule ${postId} +5m`)).responseId);
    const [job] = await h.deps.jobs.listByPost(ws.id, postId);
    expect(job?.status).toBe('awaiting_approval');
    expect(job?.approval).toBeUndefined();
    const cards = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.params).includes(`herald:approve:${postId}`));
    expect(cards).toHaveLength(2);
  });

  it('rescheduling a post nobody approved in time asks its approvers again, instead of failing again at the new time', async () => {
    const postId = await confirmed(h, 'schedule @demo "Missed approval" tomorrow 8am');
    const ws = await h.workspace();
    const [waiting] = await h.deps.jobs.listByPost(ws.id, postId);
    // What the publish handler does when the time comes and nobody approved.
    await h.deps.jobs.transition(waiting?.id as string, { from: ['awaiting_approval'] }, 'needs_attention', {
      lastError: { code: 'approval_missing', message: 'Nobody approved this post before its time.' },
    });
    await h.reply((await h.command(`reschedule ${postId} +2d`)).responseId);
    const [job] = await h.deps.jobs.listByPost(ws.id, postId);
    expect(job?.status).toBe('awaiting_approval');
    expect(job?.lastError).toBeUndefined();
    const cards = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.params).includes(`herald:approve:${postId}`));
    expect(cards).toHaveLength(2);
  });

  it('rescheduling an approved post that needs attention asks for approval for the new time', async () => {
    const postId = await confirmed(h, 'schedule @demo "Approved, then stuck" tomorrow 10am');
    await h.press(`herald:approve:${postId}`, { user: 'U0BOB' });
    const ws = await h.workspace();
    const approved = async () => (await h.deps.jobs.listByPost(ws.id, postId))[0];
    for (let i = 0; i < 40 && (await approved())?.status !== 'scheduled'; i += 1)
      await new Promise((r) => setTimeout(r, 50));
    const job = await approved();
    expect(job?.approval?.by.id).toBe('U0BOB');
    await h.deps.jobs.transition(job?.id as string, { from: ['scheduled'] }, 'needs_attention', {
      lastError: { code: 'token_expired', message: 'The Instagram token expired.' },
    });
    await h.reply((await h.command(`reschedule ${postId} +1d`)).responseId);
    const moved = await approved();
    expect(moved?.status).toBe('awaiting_approval');
    expect(moved?.approval).toBeUndefined();
    expect(moved?.lastError).toBeUndefined();
  });

  it('approving by command closes the approval card in the channel: no buttons left, who approved shown', async () => {
    const postId = await confirmed(h, 'schedule @demo "Closed by command" tomorrow 3pm');
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:approve:${postId}`)),
    );
    await h.reply((await h.command(`approve ${postId}`, 'U0BOB')).responseId);
    const closed = await h.fake.waitFor((s) =>
      s.messages.find((m) => m.ts === card.ts && !blocksText(m.blocks).includes('herald:approve')),
    );
    expect(blocksText(closed.blocks)).toContain('Approved by <@U0BOB>');
    expect(actionIds(closed.blocks)).toEqual([]);
  });

  it('Approve pressed on one card closes the other cards of the post too, and changes the pressed one once', async () => {
    const postId = await confirmed(h, 'schedule @demo "Two cards" in 30 minutes');
    const approval = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:approve:${postId}`)),
    );
    expect(await warnPendingApprovals(h.deps)).toBe(1);
    const expiring = await h.fake.waitFor((s) =>
      s.messages.find(
        (m) => m.ts !== approval.ts && blocksText(m.blocks).includes(`herald:approve:${postId}`),
      ),
    );
    await h.press(`herald:approve:${postId}`, { user: 'U0BOB', messageTs: approval.ts });
    const closed = await h.fake.waitFor((s) =>
      s.messages.find((m) => m.ts === expiring.ts && !blocksText(m.blocks).includes('herald:approve')),
    );
    expect(blocksText(closed.blocks)).toContain('Approved by <@U0BOB>');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.fake.updates.filter((u) => u.ts === approval.ts)).toHaveLength(1);
  });

  it('a closed card is never rewritten by a later decision on the same post', async () => {
    const postId = await confirmed(h, 'schedule @demo "Decided twice" tomorrow 5pm');
    const hasApprove = (m: { blocks: unknown[] | undefined }) =>
      blocksText(m.blocks).includes(`herald:approve:${postId}`);
    const first = await h.fake.waitFor((s) => s.messages.find(hasApprove));
    await h.reply((await h.command(`approve ${postId}`, 'U0BOB')).responseId);
    await h.fake.waitFor((s) => s.messages.find((m) => m.ts === first.ts && !hasApprove(m)));
    await h.reply((await h.command(`reschedule ${postId} +1h`)).responseId);
    const second = await h.fake.waitFor((s) => s.messages.find((m) => m.ts !== first.ts && hasApprove(m)));
    await h.reply((await h.command(`reject ${postId} not this week`, 'U0BOB')).responseId);
    await h.fake.waitFor((s) => s.messages.find((m) => m.ts === second.ts && !hasApprove(m)));
    const firstNow = h.fake.messages.find((m) => m.ts === first.ts);
    expect(blocksText(firstNow?.blocks)).toContain('Approved by <@U0BOB>');
    expect(blocksText(firstNow?.blocks)).not.toContain('Rejected');
  });

  it('cancelling a post that waits for approval closes its approval card: nothing left to approve', async () => {
    const postId = await confirmed(h, 'schedule @demo "Cancelled while waiting" tomorrow 7pm');
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:approve:${postId}`)),
    );
    await h.reply((await h.command(`cancel ${postId}`)).responseId);
    const closed = await h.fake.waitFor((s) =>
      s.messages.find((m) => m.ts === card.ts && !blocksText(m.blocks).includes('herald:approve')),
    );
    expect(blocksText(closed.blocks)).toContain('Cancelled by <@');
    expect(actionIds(closed.blocks)).toEqual([]);
  });

  it('an approval card still on its way when the decision lands closes itself once posted', async () => {
    const postId = await confirmed(h, 'schedule @demo "Decided before its card" tomorrow 9pm');
    const ws = await h.workspace();
    const [waiting] = await h.deps.jobs.listByPost(ws.id, postId);
    const hasApprove = (m: { blocks: unknown[] | undefined }) =>
      blocksText(m.blocks).includes(`herald:approve:${postId}`);
    const first = await h.fake.waitFor((s) => s.messages.find(hasApprove));
    const posts = () => h.fake.callsTo('chat.postMessage').length;
    const before = posts();
    h.fake.setLatency(400);
    let late: Promise<void>;
    try {
      // The approval-expiring sweep found the job waiting; Slack takes its time with the card.
      late = h.deps.notifier.notify(ws.id, { type: 'approval_expiring', job: waiting as PublishJob });
      await h.fake.waitFor(() => posts() > before);
      // Approved straight through the core: a command would first ask the slowed Slack who U0BOB is.
      await approvePost(h.deps, { workspaceId: ws.id, postId, actor: { kind: 'slack', id: 'U0BOB' } });
      await late;
    } finally {
      h.fake.setLatency(0);
    }
    const card = h.fake.messages.find((m) => m.ts !== first.ts && blocksText(m.blocks).includes(postId));
    const settled = await h.fake.waitFor((s) =>
      s.messages.find((m) => m.ts === card?.ts && m.edits > 0 && !hasApprove(m)),
    );
    expect(blocksText(settled.blocks)).toContain('Approved by <@U0BOB>');
    expect(actionIds(settled.blocks)).toEqual([]);
  });

  it('an approval-expiring alert for a post approved since the sweep read it is not posted', async () => {
    const postId = await confirmed(h, 'schedule @demo "Approved before the alert" tomorrow 10pm');
    const ws = await h.workspace();
    const [waiting] = await h.deps.jobs.listByPost(ws.id, postId);
    await h.reply((await h.command(`approve ${postId}`, 'U0BOB')).responseId);
    const before = h.fake.messages.length;
    await h.deps.notifier.notify(ws.id, { type: 'approval_expiring', job: waiting as PublishJob });
    expect(h.fake.messages).toHaveLength(before);
  });

  it('rejecting by command closes the approval card with the reason', async () => {
    const postId = await confirmed(h, 'schedule @demo "Rejected by command" tomorrow 4pm');
    const card = await h.fake.waitFor((s) =>
      s.messages.find((m) => blocksText(m.blocks).includes(`herald:reject:${postId}`)),
    );
    await h.reply((await h.command(`reject ${postId} off-brand colours`, 'U0BOB')).responseId);
    const closed = await h.fake.waitFor((s) =>
      s.messages.find((m) => m.ts === card.ts && !blocksText(m.blocks).includes('herald:reject')),
    );
    expect(blocksText(closed.blocks)).toContain('Rejected by <@U0BOB>');
    expect(blocksText(closed.blocks)).toContain('off-brand colours');
  });

  it('rescheduling an approved post after its campaign went to auto keeps it scheduled: nobody has to approve', async () => {
    const postId = await confirmed(h, 'schedule @demo "Auto now" tomorrow 6pm');
    await h.reply((await h.command(`approve ${postId}`, 'U0BOB')).responseId);
    const ws = await h.workspace();
    const [campaign] = await h.deps.campaigns.list(ws.id);
    const c = campaign as NonNullable<typeof campaign>;
    const auto = await h.deps.campaigns.update(ws.id, c.id, c.version, { mode: 'auto' });
    try {
      await h.reply((await h.command(`reschedule ${postId} +1h`)).responseId);
      expect((await h.deps.jobs.listByPost(ws.id, postId))[0]?.status).toBe('scheduled');
    } finally {
      await h.deps.campaigns.update(ws.id, c.id, auto?.version ?? c.version + 1, { mode: 'approval' });
    }
  });

  it('/herald approve works for a member of an approver user group', async () => {
    const postId = await confirmed(h, 'schedule @demo "Group by command" tomorrow 11am');
    const reply = await h.reply((await h.command(`approve ${postId}`, 'U0DAN')).responseId);
    expect(blocksText(reply.blocks)).toContain('1 job → scheduled');
  });

  it('--force is only for approvers (SPEC §4 "by someone allowed to"), by id or by user group', async () => {
    const refused = await h.reply(
      (await h.command('schedule @demo "Forced" tomorrow 7am --force')).responseId,
    );
    expect(refused.text).toContain('Only approvers of campaign');
    const byGroup = await h.reply(
      (await h.command('schedule @demo "Forced" tomorrow 7am --force', 'U0DAN')).responseId,
    );
    expect(actionIds(byGroup.blocks)[0]).toMatch(/^herald:confirm:drf_/);
  });

  it('Reject by a non-approver opens at once and shows the refusal in the modal (no reason form)', async () => {
    const postId = await confirmed(h, 'schedule @demo "Not for Carol" tomorrow 1pm');
    await h.press(`herald:reject:${postId}`, { user: 'U0CAROL' });
    const refusal = await h.fake.waitFor((s) =>
      s.views.find((v) => v.method === 'views.update' && JSON.stringify(v.view).includes('Only approvers')),
    );
    expect(JSON.stringify(refusal.view)).not.toContain('herald_reject');
    expect((await h.deps.jobs.listByPost((await h.workspace()).id, postId))[0]?.status).toBe(
      'awaiting_approval',
    );
  });

  it("Reschedule on a job's alert card moves that job's post", async () => {
    const postId = await confirmed(h, 'schedule @demo "Stuck one" tomorrow 2pm');
    await h.press(`herald:approve:${postId}`, { user: 'U0BOB' });
    const ws = await h.workspace();
    let [job] = await h.deps.jobs.listByPost(ws.id, postId);
    for (let i = 0; i < 40 && job?.status !== 'scheduled'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      [job] = await h.deps.jobs.listByPost(ws.id, postId);
    }
    const stuck = await h.deps.jobs.transition(job?.id as string, { from: ['scheduled'] }, 'needs_attention');
    await h.deps.notifier.notify(ws.id, {
      type: 'needs_attention',
      job: stuck as PublishJob,
      reason: 'stuck',
    });
    await h.press(`herald:reschedule:${job?.id}`, { user: 'U0BOB' });
    const form = await h.fake.waitFor((s) =>
      s.views.find(
        (v) => JSON.stringify(v.view).includes('herald_time') && JSON.stringify(v.view).includes(postId),
      ),
    );
    const meta = String((form.view as { private_metadata: string }).private_metadata);
    expect(JSON.parse(meta).postId).toBe(postId);
    await h.submit({
      callbackId: 'herald_time',
      userId: 'U0BOB',
      privateMetadata: meta,
      values: { when: { value: '+2h' } },
    });
    for (let i = 0; i < 40 && !(await h.deps.posts.get(ws.id, postId))?.localTime.endsWith('T16:00'); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect((await h.deps.posts.get(ws.id, postId))?.localTime.endsWith('T16:00')).toBe(true);
  });
});
