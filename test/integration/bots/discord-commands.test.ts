import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../../src/bots/discord/command-definitions.js';
import { registerCommands } from '../../../src/bots/discord/register-commands.js';
import { type DiscordHarness, HQ, RIVAL, startDiscordHarness } from '../../support/discord-harness.js';

describe('Discord /herald commands (real discord.js client, local fake Discord)', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'auto', approvers: [], settings: { publishNowEnabled: true } });
  });
  afterAll(async () => h?.close());

  const posts = async () =>
    (await h.deps.posts.list({ workspaceId: (await h.workspace()).id, limit: 100 })).items;

  it('registers /herald per guild: every subcommand, typed options, autocomplete, member-level permission', async () => {
    const [command] = h.fake.state.commands.guilds.get(HQ.guildId) as APIApplicationCommand[];
    expect(command?.name).toBe('herald');
    expect(command?.default_member_permissions).toBe('2048');
    const subs = (command?.options ?? []) as (APIApplicationCommandOption & {
      options?: APIApplicationCommandOption[];
    })[];
    expect(subs.map((s) => s.name)).toEqual(SUBCOMMANDS.map((s) => s.name));
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
      'help',
      'new',
    ])
      expect(subs.map((s) => s.name)).toContain(name);
    const schedule = subs.find((s) => s.name === 'schedule');
    expect(
      schedule?.options?.map((o) => [o.name, o.required, 'autocomplete' in o && o.autocomplete === true]),
    ).toEqual([
      ['account', true, true],
      ['caption', true, false],
      ['when', true, false],
      ['media', false, false],
      ['force', false, false],
    ]);
    for (const name of ['show', 'cancel', 'reschedule', 'now', 'retry', 'approve', 'reject'])
      expect(subs.find((s) => s.name === name)?.options?.[0]).toMatchObject({
        name: 'post',
        autocomplete: true,
      });
    expect(h.fake.state.commands.guilds.get(RIVAL.guildId)?.map((c) => c.name)).toEqual(['herald']);

    const out: string[] = [];
    expect(
      await registerCommands(
        h.transport,
        { global: true },
        (l) => out.push(l),
        (l) => out.push(l),
      ),
    ).toBe(0);
    expect(out.join('\n')).toContain('globally');
    expect(h.fake.state.commands.global[0]).toMatchObject({
      name: 'herald',
      contexts: [0],
      integration_types: [0],
    });
  });

  it('help lists every subcommand with its options, only to the sender', async () => {
    const help = await h.answer(h.command('help'));
    expect(help.ephemeral).toBe(true);
    for (const s of SUBCOMMANDS) expect(help.text).toContain(`/herald ${s.name}`);
    expect(help.text).toContain('/herald schedule account caption when [media] [force]');
    expect(help.text).toContain(`This server is Herald workspace ${(await h.workspace()).id}.`);
  });

  it('a new guild gets one workspace with a @demo account and the alerts channel; accounts lists it', async () => {
    const accounts = await h.answer(h.command('accounts'));
    expect(accounts.ephemeral).toBe(true);
    expect(accounts.text).toContain('@demo (dryrun)');
    const ws = await h.workspace();
    expect(ws).toMatchObject({
      kind: 'discord',
      externalId: HQ.guildId,
      name: 'Herald HQ',
      alertsChannel: HQ.alertsChannelId,
    });
  });

  it('schedule echoes the interpretation with Confirm / Edit / Cancel and stores nothing until Confirm', async () => {
    const before = (await posts()).length;
    const draft = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'Launch day', when: 'tomorrow 9am' }),
    );
    expect(draft.ephemeral).toBe(true);
    expect(draft.text).toMatch(/UTC/);
    expect(draft.text).toContain('Nothing is stored until you confirm');
    expect(draft.buttons.map((b) => b.split(':')[1])).toEqual(['confirm', 'edit', 'discard']);
    expect((await posts()).length).toBe(before);
    const confirmed = await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    expect(confirmed.type).toBe(7);
    expect(confirmed.text).toContain(`Scheduled by <@${HQ.userId}>`);
    expect(confirmed.buttons).toEqual([]);
    expect((await posts()).map((p) => p.caption)).toContain('Launch day');
  });

  it('a caption with quotes, media URLs and --force reach the router intact', async () => {
    const caption = 'She said "hi" — and left';
    const draft = await h.answer(
      h.command('schedule', {
        account: 'dryrun:@demo',
        caption,
        when: 'tomorrow 10am',
        media: 'https://cdn.example.com/a.jpg https://cdn.example.com/b.mp4',
        force: true,
      }),
    );
    await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    const post = (await posts()).find((p) => p.caption === caption);
    expect(post?.media).toEqual([
      { url: 'https://cdn.example.com/a.jpg', kind: 'image' },
      { url: 'https://cdn.example.com/b.mp4', kind: 'video' },
    ]);
  });

  it('Cancel on a draft stores nothing, and its Confirm is refused afterwards', async () => {
    const draft = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'Never', when: 'tomorrow 10am' }),
    );
    const [confirm, , discard] = draft.buttons as [string, string, string];
    const cancelled = await h.answer(h.press(discard, draft.message!));
    expect(cancelled.text).toContain('nothing was scheduled');
    const late = await h.answer(h.press(confirm, draft.message!));
    expect(late).toMatchObject({ type: 4, ephemeral: true });
    expect(late.content).toContain('already confirmed or cancelled');
    expect((await posts()).map((p) => p.caption)).not.toContain('Never');
  });

  it('someone else cannot confirm my draft', async () => {
    const draft = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'Mine', when: 'tomorrow 11am' }),
    );
    const foreign = await h.answer(
      h.press(draft.buttons[0] as string, draft.message!, { user: HQ.approverId }),
    );
    expect(foreign.ephemeral).toBe(true);
    expect(foreign.content).toContain('Only the person who typed');
  });

  it('list, show, reschedule, stats and cancel work on a scheduled post; changes are said in the channel', async () => {
    const { postId } = await h.schedule('Lifecycle');
    expect((await h.answer(h.command('list'))).text).toContain(postId);
    const shown = await h.answer(h.command('show', { post: postId }));
    expect(shown).toMatchObject({ ephemeral: true });
    expect(shown.text).toContain('Lifecycle');
    const moved = await h.answer(h.command('reschedule', { post: postId, when: '+1h' }));
    expect(moved.ephemeral).toBe(false);
    expect(moved.text).toContain(`Rescheduled ${postId}`);
    expect((await h.answer(h.command('stats'))).text).toContain('scheduled');
    const cancelled = await h.answer(h.command('cancel', { post: postId }));
    expect(cancelled.ephemeral).toBe(false);
    expect(cancelled.text).toContain(`Cancelled 1 job of ${postId}`);
    expect((await h.jobsOf(postId)).map((j) => j.status)).toEqual(['cancelled']);
    expect(
      h.fake
        .messages(HQ.channelId)
        .some((m) => JSON.stringify(m.embeds).includes(`Cancelled 1 job of ${postId}`)),
    ).toBe(true);
  });

  it('now and retry move the post to due-now; approve and reject are refused without approvers', async () => {
    const { postId } = await h.schedule('Right away', 'in 2 hours');
    expect((await h.answer(h.command('now', { post: postId }))).text).toContain('1 job → scheduled');
    const [job] = await h.jobsOf(postId);
    expect(job?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const retry = await h.answer(h.command('retry', { post: postId }));
    expect(retry).toMatchObject({ ephemeral: true });
    expect(retry.content).toContain('has nothing to retry');
    expect((await h.answer(h.command('approve', { post: postId }))).content).toMatch(
      /no approvers|nothing to approve/,
    );
    const reject = await h.answer(h.command('reject', { post: postId, reason: 'off-brand' }));
    expect(reject.content).toMatch(/no approvers|nothing to reject/);
  });

  it('bad input gets a clear error with its code, only to the sender', async () => {
    const past = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'x', when: '2020-01-01 09:00' }),
    );
    expect(past).toMatchObject({ ephemeral: true });
    expect(past.content).toContain('TIME_IN_PAST');
    const unreadable = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'x', when: 'blurgsday' }),
    );
    expect(unreadable.content).toContain('blurgsday');
    expect((await h.answer(h.command('show', { post: 'pst_doesnotexist' }))).content).toContain('NOT_FOUND');
    const twoWords = await h.answer(h.command('show', { post: 'pst_x --force' }));
    expect(twoWords.content).toContain('VALIDATION_FAILED');
    const unknown = await h.answer(
      h.command('schedule', { account: '@nobody', caption: 'x', when: 'tomorrow 9am' }),
    );
    expect(unknown.content).toContain('Known accounts: @demo (dryrun)');
    const cancelUnknown = await h.answer(h.command('cancel', { post: 'pst_doesnotexist' }));
    expect(cancelUnknown).toMatchObject({ type: 4, ephemeral: true });
    expect(h.fake.failures).toEqual([]);
  });
});
