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
      values: values({ recurrence: 'every weekday' }),
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
});
