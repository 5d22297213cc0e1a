import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERTS,
  actionIds,
  blocksText,
  type SlackHarness,
  startSlackHarness,
} from '../../support/slack-harness.js';

describe('Slack /herald commands (real Bolt over signed HTTP, fake Slack Web API)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'auto', settings: { publishNowEnabled: true } });
  });
  afterAll(async () => h.close());

  const scheduled = (caption: string, when = 'tomorrow 9am') =>
    h.confirmSchedule(`schedule @demo "${caption}" ${when}`);

  it('help lists every subcommand, only to the sender', async () => {
    const cmd = await h.command('help');
    expect(cmd.status).toBe(200);
    const reply = await h.reply(cmd.responseId);
    expect(reply.response_type).toBe('ephemeral');
    for (const name of [
      'schedule',
      'list',
      'show',
      'cancel',
      'reschedule',
      'now',
      'retry',
      'approve',
      'reject',
      'stats',
      'accounts',
    ])
      expect(blocksText(reply.blocks)).toContain(name);
  });

  it('a new Slack team gets one workspace with a @demo account, and accounts lists it', async () => {
    const reply = await h.reply((await h.command('accounts')).responseId);
    expect(blocksText(reply.blocks)).toContain('@demo (dryrun)');
    const ws = await h.workspace();
    expect(ws.kind).toBe('slack');
    expect(ws.alertsChannel).toBe(ALERTS);
  });

  it('schedule echoes the interpretation with Confirm / Edit / Cancel and stores nothing until Confirm', async () => {
    const ws = await h.workspace();
    const before = await h.deps.posts.list({ workspaceId: ws.id, limit: 100 });
    const cmd = await h.command('schedule @demo "Launch day" tomorrow 9am');
    const reply = await h.reply(cmd.responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(blocksText(reply.blocks)).toMatch(/UTC/);
    const ids = actionIds(reply.blocks);
    expect(ids.map((id) => id.split(':')[1])).toEqual(['confirm', 'edit', 'discard']);
    expect((await h.deps.posts.list({ workspaceId: ws.id, limit: 100 })).items).toHaveLength(
      before.items.length,
    );
    await h.press(ids[0] as string, { isEphemeral: true, responseId: 'confirm-1' });
    const confirmed = await h.reply('confirm-1');
    expect(blocksText(confirmed.blocks)).toContain('Scheduled by <@U0ALICE>');
    const after = await h.deps.posts.list({ workspaceId: ws.id, limit: 100 });
    expect(after.items.map((p) => p.caption)).toContain('Launch day');
  });

  it('Cancel on a draft stores nothing, and its Confirm is refused afterwards', async () => {
    const reply = await h.reply((await h.command('schedule @demo "Never" tomorrow 10am')).responseId);
    const [confirm, , discard] = actionIds(reply.blocks) as [string, string, string];
    await h.press(discard, { isEphemeral: true, responseId: 'discard-1' });
    expect(blocksText((await h.reply('discard-1')).blocks)).toContain('nothing was scheduled');
    await h.press(confirm, { isEphemeral: true, responseId: 'late-confirm' });
    expect((await h.reply('late-confirm')).text).toContain('already confirmed or cancelled');
    const ws = await h.workspace();
    const posts = await h.deps.posts.list({ workspaceId: ws.id, limit: 100 });
    expect(posts.items.map((p) => p.caption)).not.toContain('Never');
  });

  it('someone else cannot confirm my draft', async () => {
    const reply = await h.reply((await h.command('schedule @demo "Mine" tomorrow 11am')).responseId);
    await h.press(actionIds(reply.blocks)[0] as string, {
      user: 'U0MALLORY',
      isEphemeral: true,
      responseId: 'foreign',
    });
    expect((await h.reply('foreign')).text).toContain('Only the person who typed');
  });

  it('list, show, reschedule, stats and cancel work on a scheduled post', async () => {
    const id = await scheduled('Lifecycle');
    expect(blocksText((await h.reply((await h.command('list')).responseId)).blocks)).toContain(id);
    expect(blocksText((await h.reply((await h.command(`show ${id}`)).responseId)).blocks)).toContain(
      'Lifecycle',
    );
    const moved = await h.reply((await h.command(`reschedule ${id} +1h`)).responseId);
    expect(moved.response_type).toBe('in_channel');
    expect(blocksText(moved.blocks)).toContain(`Rescheduled ${id}`);
    expect(blocksText((await h.reply((await h.command('stats')).responseId)).blocks)).toContain('scheduled');
    const cancelled = await h.reply((await h.command(`cancel ${id}`)).responseId);
    expect(blocksText(cancelled.blocks)).toContain(`Cancelled 1 job of ${id}`);
    const jobs = await h.deps.jobs.listByPost((await h.workspace()).id, id);
    expect(jobs.map((j) => j.status)).toEqual(['cancelled']);
  });

  it('now and retry move the post to due-now; approve and reject are refused without approvers', async () => {
    const id = await scheduled('Right away', 'in 2 hours');
    const now = await h.reply((await h.command(`now ${id}`)).responseId);
    expect(blocksText(now.blocks)).toContain('1 job → scheduled');
    const [job] = await h.deps.jobs.listByPost((await h.workspace()).id, id);
    expect(job?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const retry = await h.reply((await h.command(`retry ${id}`)).responseId);
    expect(retry.text).toContain('has nothing to retry');
    const approve = await h.reply((await h.command(`approve ${id}`)).responseId);
    expect(approve.text).toMatch(/no approvers|nothing to approve/);
    const reject = await h.reply((await h.command(`reject ${id} off-brand`)).responseId);
    expect(reject.text).toMatch(/no approvers|nothing to reject/);
  });

  it('bad input gets a clear error with an example, only to the sender', async () => {
    const unknown = await h.reply((await h.command('shedule @demo "x" tomorrow')).responseId);
    expect(unknown.response_type).toBe('ephemeral');
    expect(unknown.text).toContain('Did you mean: schedule');
    const past = await h.reply((await h.command('schedule @demo "x" 2020-01-01 09:00')).responseId);
    expect(past.text).toContain('TIME_IN_PAST');
    const foreign = await h.reply((await h.command('show pst_doesnotexist')).responseId);
    expect(foreign.text).toContain('NOT_FOUND');
  });
});
