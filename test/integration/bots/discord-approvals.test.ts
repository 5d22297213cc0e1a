import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonsOf,
  type DiscordHarness,
  HQ,
  RIVAL,
  startDiscordHarness,
  waitFor,
} from '../../support/discord-harness.js';
import { botMessage, type FakeInteractionHandle } from '../../support/fakes/discord-fake.js';

const SAM = HQ.approverId;
const DAN = HQ.danId;
const OLLI = HQ.ownerId;

describe('Discord approvals: cards in the approvals channel, approver roles re-checked on every click', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'approval', approvers: [HQ.approverRoleId] });
    await h.answer(h.command('accounts'));
    await h.setCampaign({ approvalsChannel: HQ.approvalsChannelId });
  });
  afterAll(async () => h?.close());

  /** Mia (or `user`) schedules and confirms; returns the post id and its approval card. */
  async function awaitingApproval(caption: string, user: string = HQ.userId) {
    const { postId } = await h.schedule(caption, 'tomorrow 9am', { user });
    const card = await h.cardIn(HQ.approvalsChannelId, `herald:approve:${postId}`);
    return { postId, card };
  }
  const stored = (card: APIMessage) =>
    h.fake.messages(card.channel_id).find((m) => m.id === card.id) as APIMessage;
  const audits = (action: string, subject: string) =>
    h.testDb.db.collection('audit_events').find({ action, 'subject.id': subject }).toArray();

  it('posts one approval card in the campaign’s approvals channel; a role holder approves and the card says who', async () => {
    const { postId, card } = await awaitingApproval('Needs a yes');
    expect(buttonsOf(card).map((id) => id.split(':')[1])).toEqual(['approve', 'reject', 'edit_time']);
    expect(JSON.stringify(card.embeds)).toContain('awaiting approval');
    const approved = await h.answer(h.press(`herald:approve:${postId}`, card, { user: SAM }));
    expect([6, 7]).toContain(approved.type);
    expect(JSON.stringify(stored(card).embeds)).toContain(`Approved by <@${SAM}>`);
    expect(stored(card).components).toEqual([]);
    expect((await h.jobsOf(postId)).map((j) => j.status)).toEqual(['scheduled']);
    const posted = h.fake
      .requestsTo('POST /channels/')
      .filter((r) => JSON.stringify(r.body).includes(postId));
    expect(posted.map((r) => r.path)).toEqual([`/channels/${HQ.approvalsChannelId}/messages`]);
  });

  it('approving with /herald approve closes the card in the approvals channel: buttons gone, who approved shown', async () => {
    const { postId, card } = await awaitingApproval('Approved by command');
    const reply = await h.answer(h.command('approve', { post: postId }, { user: SAM }));
    expect(JSON.stringify(reply)).toContain('scheduled');
    const closed = await waitFor(() => {
      const now = stored(card);
      return now.components?.length === 0 ? now : undefined;
    });
    expect(JSON.stringify(closed.embeds)).toContain(`Approved by <@${SAM}>`);
  });

  it('a member without the approver role is refused, only to them, with an audit row and no card change', async () => {
    const { postId, card } = await awaitingApproval('Not yours');
    const refusal = await h.answer(h.press(`herald:approve:${postId}`, card, { user: OLLI }));
    expect(refusal).toMatchObject({ type: 4, ephemeral: true });
    expect(refusal.content).toContain('Only approvers');
    const refused = await audits('post.decision_refused', postId);
    expect(refused.map((r) => r.actor)).toContainEqual({ kind: 'discord', id: OLLI, name: 'olli' });
    expect(buttonsOf(stored(card))).toHaveLength(3);
    expect((await h.jobsOf(postId))[0]?.status).toBe('awaiting_approval');
    const byCommand = await h.answer(h.command('approve', { post: postId }, { user: OLLI }));
    expect(byCommand.ephemeral).toBe(true);
    expect(byCommand.content).toContain('Only approvers');
  });

  it('a member whose role was removed after the card was posted is refused at the next click', async () => {
    const { postId, card } = await awaitingApproval('Role gone');
    h.fake.setRoles(HQ.guildId, DAN, []);
    try {
      const refusal = await h.answer(h.press(`herald:approve:${postId}`, card, { user: DAN }));
      expect(refusal.content).toContain('Only approvers');
      expect((await h.jobsOf(postId))[0]?.status).toBe('awaiting_approval');
    } finally {
      h.fake.setRoles(HQ.guildId, DAN, [HQ.approverRoleId]);
    }
    await h.answer(h.press(`herald:approve:${postId}`, card, { user: DAN }));
    expect((await h.jobsOf(postId))[0]?.status).toBe('scheduled');
  });

  it('with four-eyes on, an approver cannot approve their own post', async () => {
    await h.setCampaign({ fourEyes: true });
    try {
      const { postId, card } = await awaitingApproval('My own', SAM);
      const refusal = await h.answer(h.press(`herald:approve:${postId}`, card, { user: SAM }));
      expect(refusal.content).toContain('Four-eyes');
      expect((await h.jobsOf(postId))[0]?.status).toBe('awaiting_approval');
      await h.answer(h.press(`herald:approve:${postId}`, card, { user: DAN }));
      expect((await h.jobsOf(postId))[0]?.status).toBe('scheduled');
    } finally {
      await h.setCampaign({ fourEyes: false });
    }
  });

  it('Reject asks for a reason in a form; the submission cancels the post and updates the card', async () => {
    const { postId, card } = await awaitingApproval('Off-brand');
    const form = await h.answer(h.press(`herald:reject:${postId}`, card, { user: SAM }));
    expect(form.modal).toMatchObject({ customId: `herald-reject:${postId}`, inputs: { reason: '' } });
    const rejected = await h.answer(
      h.submit(form.modal!.customId, { reason: 'Wrong colours' }, { user: SAM, message: card }),
    );
    expect([6, 7]).toContain(rejected.type);
    const text = JSON.stringify(stored(card).embeds);
    expect(text).toContain(`Rejected by <@${SAM}>`);
    expect(text).toContain('Wrong colours');
    const [job] = await h.jobsOf(postId);
    expect(job).toMatchObject({ status: 'cancelled', lastError: { message: 'Wrong colours' } });
  });

  it('Reject from a member without the role is refused before any form opens', async () => {
    const { postId, card } = await awaitingApproval('No form for you');
    const refusal = await h.answer(h.press(`herald:reject:${postId}`, card, { user: OLLI }));
    expect(refusal).toMatchObject({ type: 4, ephemeral: true });
    expect(refusal.content).toContain('Only approvers');
  });

  it('Edit time reads a new time in a form; an unreadable one is said privately and changes nothing', async () => {
    const { postId, card } = await awaitingApproval('Later please');
    const form = await h.answer(h.press(`herald:edit_time:${postId}`, card, { user: SAM }));
    expect(form.modal?.customId).toBe(`herald-time:${postId}`);
    const bad = await h.answer(
      h.submit(form.modal!.customId, { when: 'blurgsday' }, { user: SAM, message: card }),
    );
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toContain('blurgsday');
    await h.answer(h.submit(form.modal!.customId, { when: '+1h' }, { user: SAM, message: card }));
    expect(JSON.stringify(stored(card).embeds)).toContain(`Rescheduled by <@${SAM}>`);
    const post = await h.deps.posts.get((await h.workspace()).id, postId);
    expect(post?.localTime.endsWith('T10:00')).toBe(true);
  });

  it("Reschedule on an approved series occurrence's alert moves that occurrence alone and asks the approvers again", async () => {
    const { postId } = await h.schedule('Weekly slot', 'every tuesday at 10am');
    const card = await h.cardIn(HQ.approvalsChannelId, `herald:approve:${postId}`);
    await h.answer(h.press(`herald:approve:${postId}`, card, { user: SAM }));
    const jobs = [...(await h.jobsOf(postId))].sort(
      (a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime(),
    );
    const [first, second] = jobs;
    const stuck = await h.deps.jobs.transition(first!.id, { from: ['scheduled'] }, 'needs_attention', {
      lastError: { code: 'x', message: 'stuck' },
    });
    await h.deps.notifier.notify((await h.workspace()).id, {
      type: 'needs_attention',
      job: stuck!,
      reason: 'stuck',
    });
    const alert = await h.cardIn(HQ.alertsChannelId, `herald:reschedule:${first!.id}`);
    const form = await h.answer(h.press(`herald:reschedule:${first!.id}`, alert, { user: SAM }));
    expect(form.modal?.customId).toBe(`herald-time:${first!.id}`);
    await h.answer(h.submit(form.modal!.customId, { when: '+2h' }, { user: SAM, message: alert }));
    const after = await h.jobsOf(postId);
    const moved = after.find((j) => j.id === first!.id);
    expect(moved?.status).toBe('awaiting_approval');
    expect(moved?.nextAttemptAt.getTime()).toBe(first!.occurrenceAt.getTime() + 2 * 3_600_000);
    const other = after.find((j) => j.id === second!.id);
    expect([other?.status, other?.nextAttemptAt.getTime()]).toEqual([
      'scheduled',
      second!.nextAttemptAt.getTime(),
    ]);
    const asked = await waitFor(() =>
      h.fake
        .messages(HQ.approvalsChannelId)
        .find((m) => m.id !== card.id && JSON.stringify(m).includes(`herald:approve:${postId}`)),
    );
    expect(buttonsOf(asked)).toContain(`herald:approve:${postId}`);
  });

  it('50 concurrent Approve and Reject presses make exactly one decision, and every press gets an answer', async () => {
    const { postId, card } = await awaitingApproval('Race');
    const failuresBefore = h.fake.failures.length;
    const handles: FakeInteractionHandle[] = Array.from({ length: 50 }, (_, i) => {
      const user = i % 4 < 2 ? SAM : DAN;
      return i % 2 === 0
        ? h.press(`herald:approve:${postId}`, card, { user })
        : h.submit(`herald-reject:${postId}`, { reason: `no ${i}` }, { user, message: card });
    });
    const answers = await Promise.all(handles.map((handle) => h.answer(handle, 20_000)));
    expect(answers.every((a) => a.ackMs < 3000)).toBe(true);
    expect(h.fake.failures.slice(failuresBefore)).toEqual([]);
    const [job] = await h.jobsOf(postId);
    expect(['scheduled', 'cancelled']).toContain(job?.status);
    const decisions = [
      ...(await audits('job.scheduled', job!.id)),
      ...(await audits('job.cancelled', job!.id)),
    ];
    expect(decisions).toHaveLength(1);
    const decided = answers.filter((a) => /(Approved|Rejected) by/.test(a.text));
    expect(decided).toHaveLength(1);
    expect(answers.filter((a) => a.ephemeral)).toHaveLength(49);
  }, 60_000);

  it('the same interaction delivered twice (a Gateway replay) is acted on and answered once', async () => {
    const { postId, card } = await awaitingApproval('Replay');
    const handle = h.press(`herald:approve:${postId}`, card, { user: SAM });
    await h.answer(handle);
    h.fake.dispatch('INTERACTION_CREATE', handle.payload);
    await new Promise((r) => setTimeout(r, 500));
    expect(handle.record.attempts).toHaveLength(1);
    const [job] = await h.jobsOf(postId);
    expect(await audits('job.scheduled', job!.id)).toHaveLength(1);
  });

  it('ids from another guild are untrusted: a press or command there is "not found" and changes nothing', async () => {
    const { postId } = await awaitingApproval('Tenant');
    const where = { guildId: RIVAL.guildId, channelId: RIVAL.channelId, user: SAM };
    const message = botMessage({ channelId: RIVAL.channelId, customId: `herald:approve:${postId}` });
    const press = await h.answer(h.press(`herald:approve:${postId}`, message, where));
    expect(press.content).toContain(`No post with id "${postId}"`);
    const show = await h.answer(h.command('show', { post: postId }, where));
    expect(show.content).toContain('NOT_FOUND');
    expect((await h.jobsOf(postId))[0]?.status).toBe('awaiting_approval');
    const rival = await h.workspace(RIVAL.guildId);
    expect(rival.id).not.toBe((await h.workspace()).id);
    expect(rival.alertsChannel).toBeUndefined();
  });

  it('approve by command: a role holder approves in the channel', async () => {
    const { postId, card } = await awaitingApproval('By command');
    const approved = await h.answer(h.command('approve', { post: postId }, { user: SAM }));
    expect(approved.ephemeral).toBe(false);
    expect(approved.text).toContain('1 job → scheduled');
    const late = await h.answer(h.press(`herald:approve:${postId}`, card, { user: DAN }));
    expect(late.content).toContain('nothing to approve');
    await waitFor(async () => ((await h.jobsOf(postId))[0]?.status === 'scheduled' ? true : undefined));
  });
});
