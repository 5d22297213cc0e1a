import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds, blocksText, type SlackHarness, startSlackHarness } from '../../support/slack-harness.js';

type OpenedView = {
  callback_id: string;
  private_metadata: string;
  blocks: { block_id?: string; element?: Record<string, unknown> }[];
};

describe('Slack compose modal: /herald new, field errors with a live preview, Edit on a draft', () => {
  let h: SlackHarness;
  let demoId: string;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'auto' });
    await h.reply((await h.command('accounts')).responseId);
    demoId = (await h.deps.accounts.list((await h.workspace()).id))[0]?.id as string;
  });
  afterAll(async () => h.close());

  async function opened(count: number): Promise<OpenedView> {
    const call = await h.fake.waitFor(
      (s) =>
        s.views.filter((v) => (v.view as { callback_id?: string }).callback_id === 'herald_compose')[
          count - 1
        ],
    );
    return call.view as unknown as OpenedView;
  }

  const values = (over: Record<string, string | Record<string, unknown>> = {}) => ({
    caption: { value: 'Compose caption' },
    media: { value: '' },
    accounts: { value: { type: 'multi_static_select', selected_options: [{ value: demoId }] } },
    when: { value: 'tomorrow 9am' },
    recurrence: { value: '' },
    ...Object.fromEntries(Object.entries(over).map(([k, v]) => [k, { value: v }])),
  });

  it('opens the form with the workspace accounts, refuses bad fields on the field, then reads it back as a draft to confirm', async () => {
    const cmd = await h.command('new');
    expect(cmd.status).toBe(200);
    const view = await opened(1);
    expect(view.blocks.map((b) => b.block_id)).toEqual(
      expect.arrayContaining(['caption', 'media', 'accounts', 'when', 'recurrence']),
    );
    expect(JSON.stringify(view)).toContain('@demo (dryrun)');
    const badTime = await h.submit({
      callbackId: 'herald_compose',
      privateMetadata: view.private_metadata,
      values: values({ when: 'tomorow at nien' }),
    });
    expect(JSON.parse(badTime.body)).toMatchObject({
      response_action: 'errors',
      errors: { when: expect.any(String) },
    });
    const badMedia = await h.submit({
      callbackId: 'herald_compose',
      privateMetadata: view.private_metadata,
      values: values({ media: 'ftp://nope' }),
    });
    const errors = JSON.parse(badMedia.body).errors as Record<string, string>;
    expect(errors.media).toContain('not an http(s) URL');
    expect(errors.when).toMatch(/^Reads as: .*09:00/);
    const shown = h.fake.ephemerals.length;
    const ok = await h.submit({
      callbackId: 'herald_compose',
      privateMetadata: view.private_metadata,
      values: values({
        recurrence: 'every weekday',
        media: 'https://cdn.example.com/compose.jpg',
        library: { type: 'checkboxes', selected_options: [{ value: 'save' }] },
      }),
    });
    expect(ok.status).toBe(200);
    const workspaceId = (await h.workspace()).id;
    const stored = async () =>
      (await h.deps.posts.list({ workspaceId, limit: 50 })).items.find(
        (p) => p.caption === 'Compose caption',
      );
    // Submitting the form is not the confirmation: the draft card is.
    const draft = await h.fake.waitFor((st) =>
      st.ephemerals.slice(shown).find((m) => blocksText(m.blocks).includes('Compose caption')),
    );
    expect(await stored()).toBeUndefined();
    const confirm = actionIds(draft.blocks).find((id) => id.startsWith('herald:confirm:'));
    expect(confirm).toBeDefined();
    await h.press(confirm as string, { isEphemeral: true, responseId: 'compose-ok' });
    expect(blocksText((await h.reply('compose-ok')).blocks)).toContain('Scheduled by <@U0ALICE>');
    expect((await stored())?.recurrence?.rrule).toContain('BYDAY=MO,TU,WE,TH,FR');
    // "Save the media to the library" was ticked: the media is now an asset of @demo's influencer.
    const [asset] = await h.deps.assets.list(workspaceId);
    expect(asset).toMatchObject({
      url: 'https://cdn.example.com/compose.jpg',
      caption: 'Compose caption',
      state: 'ready',
    });
  });

  it('Edit on a draft opens the form filled in; the edited version is stored and the draft is used up', async () => {
    const cmd = await h.command('schedule @demo "Draft words" tomorrow 3pm');
    const draft = await h.reply(cmd.responseId);
    const [confirm, edit] = actionIds(draft.blocks) as [string, string];
    await h.press(edit, { isEphemeral: true, responseId: `${cmd.responseId}-edit` });
    const view = await opened(2);
    const caption = view.blocks.find((b) => b.block_id === 'caption')?.element?.initial_value;
    expect(caption).toBe('Draft words');
    expect(view.blocks.find((b) => b.block_id === 'when')?.element?.initial_value).toMatch(/15:00 tz:UTC$/);
    await h.submit({
      callbackId: 'herald_compose',
      privateMetadata: view.private_metadata,
      values: values({ caption: 'Better words', when: 'tomorrow 4pm' }),
    });
    const replaced = await h.reply(`${cmd.responseId}-edit`);
    expect(blocksText(replaced.blocks)).toContain('Better words');
    await h.press(confirm, { isEphemeral: true, responseId: `${cmd.responseId}-late` });
    expect((await h.reply(`${cmd.responseId}-late`)).text).toContain('already confirmed or cancelled');
    const edited = actionIds(replaced.blocks).find((id) => id.startsWith('herald:confirm:')) as string;
    await h.press(edited, { isEphemeral: true, responseId: `${cmd.responseId}-ok` });
    await h.reply(`${cmd.responseId}-ok`);
    const captions = (
      await h.deps.posts.list({ workspaceId: (await h.workspace()).id, limit: 50 })
    ).items.map((p) => p.caption);
    expect(captions).toContain('Better words');
    expect(captions).not.toContain('Draft words');
  });

  it('/herald new opens prefilled for the account: picked, its next free slot read back, its most-used hashtags; a submit stores them', async () => {
    const unknown = await h.command('new @nobody');
    expect((await h.reply(unknown.responseId)).text).toContain('@nobody');
    const workspace = await h.workspace();
    const fresh = await h.deps.accounts.ensure({
      workspaceId: workspace.id,
      influencerId: (await h.deps.accounts.get(workspace.id, demoId))?.influencerId as string,
      platform: 'dryrun',
      handle: 'fresh',
      timezone: 'Europe/Paris',
    });
    await h.reply((await h.command('slots @fresh daily 09:00')).responseId);
    await h.confirmSchedule('schedule @fresh "Run #fitness #morning" in 5 days');
    await h.confirmSchedule('schedule @fresh "Lift #fitness" in 6 days');
    await h.command('new @fresh');
    const view = await opened(3);
    const block = (id: string) => view.blocks.find((b) => b.block_id === id);
    // 09:00 in Paris is 08:00 UTC in winter.
    const now = new Date();
    const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8));
    if (slot <= now) slot.setUTCDate(slot.getUTCDate() + 1);
    const when = `${slot.toISOString().slice(0, 10)} 09:00 tz:Europe/Paris`;
    expect(block('when')?.element?.initial_value).toBe(when);
    expect(JSON.stringify(block('when'))).toContain('next free posting slot of @fresh: reads as');
    expect(block('caption')?.element?.initial_value).toBe('#fitness #morning');
    expect(block('accounts')?.element?.initial_options).toEqual([
      expect.objectContaining({ value: fresh.id }),
    ]);
    expect(block('cover')).toBeDefined();
    const shown = h.fake.ephemerals.length;
    await h.submit({
      callbackId: 'herald_compose',
      privateMetadata: view.private_metadata,
      values: values({
        caption: 'Prefilled words #fitness #morning',
        accounts: { type: 'multi_static_select', selected_options: [{ value: fresh.id }] },
        when: String(block('when')?.element?.initial_value),
        media: 'https://cdn.example/clip.mp4',
        cover: '0:03',
      }),
    });
    const draft = await h.fake.waitFor((st) =>
      st.ephemerals.slice(shown).find((m) => blocksText(m.blocks).includes('Prefilled words')),
    );
    expect(blocksText(draft.blocks)).toContain('cover: the frame at 3 s');
    const confirm = actionIds(draft.blocks).find((id) => id.startsWith('herald:confirm:')) as string;
    await h.press(confirm, { isEphemeral: true, responseId: 'prefill-ok' });
    await h.reply('prefill-ok');
    const post = (await h.deps.posts.list({ workspaceId: (await h.workspace()).id, limit: 50 })).items.find(
      (p) => p.caption === 'Prefilled words #fitness #morning',
    );
    expect(post).toMatchObject({ scheduledAt: slot, cover: { kind: 'frame', atMs: 3000 } });
  });
});
