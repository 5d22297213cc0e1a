import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordHarness, RIVAL, startDiscordHarness } from '../../support/discord-harness.js';
import { autocomplete, type FakeInteractionHandle } from '../../support/fakes/discord-fake.js';

describe('Discord compose form and autocomplete', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'auto' });
  });
  afterAll(async () => h?.close());

  const choices = async (handle: FakeInteractionHandle) => {
    const callback = await handle.callback();
    expect(callback.type).toBe(8);
    return (callback.data?.choices ?? []) as { name: string; value: string }[];
  };
  it('new opens the compose form; its submission is read back as a draft to confirm', async () => {
    const form = await h.answer(h.command('new'));
    expect(form.type).toBe(9);
    expect(form.modal?.customId).toBe('herald-compose:');
    expect(Object.keys(form.modal?.inputs ?? {}).sort()).toEqual([
      'accounts',
      'campaign',
      'caption',
      'media',
      'when',
    ]);
    // Nothing to go on yet (no slots, no posts): only the account is filled in.
    expect(form.modal?.inputs).toMatchObject({ accounts: 'dryrun:@demo', caption: '', when: '' });
    const fields = {
      caption: 'Weekly tip',
      accounts: '@demo',
      when: 'tomorrow 9am every weekday',
      media: '',
      campaign: (await h.campaign()).name.toUpperCase(),
    };
    const draft = await h.answer(h.submit('herald-compose:', fields));
    expect(draft.ephemeral).toBe(true);
    expect(draft.text).toContain('Weekly tip');
    expect(draft.buttons.map((b) => b.split(':')[1])).toEqual(['confirm', 'edit', 'discard']);
    const done = await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    const postId = /pst_[A-Za-z0-9_-]+/.exec(done.text)?.[0] as string;
    expect((await h.deps.posts.get((await h.workspace()).id, postId))?.recurrence?.rrule).toContain(
      'FREQ=WEEKLY',
    );
  });

  it('Edit on a draft opens the form filled in; its submission replaces the draft in place', async () => {
    const draft = await h.answer(
      h.command('schedule', { account: '@demo', caption: 'Typo', when: 'tomorrow 9am' }),
    );
    const form = await h.answer(h.press(draft.buttons[1] as string, draft.message!));
    const draftId = draft.buttons[1]?.split(':')[2] as string;
    expect(form.modal).toMatchObject({ customId: `herald-compose:${draftId}`, title: 'Edit post' });
    expect(form.modal?.inputs).toMatchObject({ caption: 'Typo', accounts: 'dryrun:@demo', campaign: '' });
    expect(form.modal?.inputs.when).toMatch(/ 09:00 tz:UTC$/);
    const fields = { ...(form.modal?.inputs ?? {}), caption: 'Fixed' };
    const edited = await h.answer(
      h.submit(form.modal?.customId as string, fields, { message: draft.message! }),
    );
    expect(edited.type).toBe(7);
    expect(edited.text).toContain('Fixed');
    const stale = await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    expect(stale.content).toContain('already confirmed or cancelled');
  });

  it('new opens prefilled for the account named: its next free slot and most-used hashtags; a submit stores them with a cover', async () => {
    const workspace = await h.workspace();
    const demo = (await h.deps.accounts.list(workspace.id)).find((a) => a.handle === 'demo');
    const fresh = await h.deps.accounts.ensure({
      workspaceId: workspace.id,
      influencerId: demo?.influencerId as string,
      platform: 'dryrun',
      handle: 'fresh',
      timezone: 'UTC',
    });
    await h.answer(h.command('slots', { account: '@fresh', plan: 'daily 07:30' }));
    for (const caption of ['Run #fitness #morning', 'Lift #fitness']) {
      const draft = await h.answer(h.command('schedule', { account: '@fresh', caption, when: 'in 4 days' }));
      await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    }
    const form = await h.answer(h.command('new', { account: '@fresh' }));
    const now = new Date();
    const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7, 30));
    if (slot <= now) slot.setUTCDate(slot.getUTCDate() + 1);
    expect(form.modal?.inputs).toMatchObject({
      accounts: 'dryrun:@fresh',
      caption: '#fitness #morning',
      when: `${slot.toISOString().slice(0, 10)} 07:30 tz:UTC`,
    });
    const fields = {
      ...(form.modal?.inputs ?? {}),
      caption: 'Sunrise run #fitness #morning',
      media: 'https://cdn.example/run.mp4\ncover: 1.5s',
    };
    const draft = await h.answer(h.submit('herald-compose:', fields));
    expect(draft.text).toContain('cover: the frame at 1.5 s');
    const done = await h.answer(h.press(draft.buttons[0] as string, draft.message!));
    const postId = /pst_[A-Za-z0-9_-]+/.exec(done.text)?.[0] as string;
    expect(await h.deps.posts.get(workspace.id, postId)).toMatchObject({
      accountIds: [fresh.id],
      scheduledAt: slot,
      media: [{ url: 'https://cdn.example/run.mp4', kind: 'video' }],
      cover: { kind: 'frame', atMs: 1500 },
    });
    const missing = await h.answer(h.command('new', { account: '@nobody' }));
    expect(missing.content).toContain('@nobody');
  });

  it('autocomplete offers this guild’s accounts and recent posts, matched on what is typed', async () => {
    const { postId } = await h.schedule('Autocomplete me');
    const accounts = await choices(
      h.fake.interact(autocomplete({ subcommand: 'schedule', options: { account: 'de' } })),
    );
    expect(accounts).toContainEqual({ name: '@demo (dryrun) · UTC', value: 'dryrun:@demo' });
    const found = await choices(
      h.fake.interact(autocomplete({ subcommand: 'show', options: { post: 'autocomplete' } })),
    );
    expect(found.map((c) => c.value)).toEqual([postId]);
    expect(found[0]?.name).toContain('Autocomplete me');
    const byId = await choices(
      h.fake.interact(autocomplete({ subcommand: 'cancel', options: { post: postId.slice(0, 8) } })),
    );
    expect(byId.map((c) => c.value)).toContain(postId);
    const elsewhere = await choices(
      h.fake.interact(
        autocomplete({
          subcommand: 'show',
          options: { post: '' },
          guildId: RIVAL.guildId,
          channelId: RIVAL.channelId,
        }),
      ),
    );
    expect(elsewhere).toEqual([]);
  });
});
