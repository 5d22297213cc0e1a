import type { App, ViewOutput } from '@slack/bolt';
import { decidedCard, postCard } from '../../../core/cards/cards.js';
import { viewOf } from '../../../core/cards/notice-card.js';
import type { CommandContext } from '../../../core/commands/context.js';
import { whenFields } from '../../../core/commands/schedule-command.js';
import type { Media } from '../../../core/domain/types.js';
import { HeraldError } from '../../../core/errors.js';
import { interpret, parseWhen } from '../../../core/language/index.js';
import { discardDraft } from '../../../core/use-cases/drafts.js';
import { previewSchedule, type ScheduleInput, schedulePost } from '../../../core/use-cases/schedule-post.js';
import { cardBlocks, cardText } from '../blocks/card-blocks.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { slackErrorText } from '../slack-errors.js';
import { COMPOSE_CALLBACK, type ComposeMeta } from './compose-view.js';
import { firstSubmit } from './decision-views.js';
import { readMeta, respondTo } from './view-meta.js';

type Values = ViewOutput['state']['values'];

/**
 * The compose form's submit: every field is checked before the ack, so problems show on the
 * field they belong to (the time field also says how the time was read); a clean form is
 * scheduled at once — submitting the form is the confirmation.
 */
export function registerComposeSubmit(app: App, bot: SlackBotContext): void {
  app.view(COMPOSE_CALLBACK, async ({ ack, body, view, client }) => {
    const meta = readMeta<ComposeMeta>(view.private_metadata);
    const ctx = await commandContext(
      bot,
      client,
      { id: body.team?.id ?? '', domain: body.team?.domain },
      { id: body.user.id, name: body.user.name },
    );
    const checked = await check(bot, ctx, view.state.values);
    if ('errors' in checked) return void (await ack({ response_action: 'errors', errors: checked.errors }));
    await ack({ response_action: 'clear' });
    if (!(await firstSubmit(bot, view))) return;
    try {
      // The edited draft is used up first: its Confirm, pressed elsewhere, cannot add a second post.
      if (meta.draftId)
        await discardDraft(bot.deps, {
          workspaceId: ctx.workspace.id,
          draftId: meta.draftId,
          actor: ctx.actor,
        });
      const { post } = await schedulePost(bot.deps, checked.input);
      const stored = await viewOf(bot.deps, ctx.workspace.id, post.id);
      const now = bot.deps.clock.now();
      const card = stored
        ? decidedCard(postCard(stored, { kind: 'status' }, now), 'Scheduled', ctx.actor, now)
        : null;
      if (!card) return;
      const message = { text: cardText(card), blocks: cardBlocks(card) };
      if (meta.responseUrl) await respondTo(meta.responseUrl, { ...message, replace_original: true });
      else await client.chat.postMessage({ channel: meta.channelId, ...message });
    } catch (error) {
      const text = slackErrorText(error, bot.logger, { view: COMPOSE_CALLBACK });
      if (meta.responseUrl)
        await respondTo(meta.responseUrl, { response_type: 'ephemeral', replace_original: false, text });
      else if (meta.channelId.startsWith('U'))
        await client.chat.postMessage({ channel: meta.channelId, text });
      else await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, text });
    }
  });
}

type Checked = { input: ScheduleInput } | { errors: Record<string, string> };

async function check(bot: SlackBotContext, ctx: CommandContext, values: Values): Promise<Checked> {
  const text = (block: string) => values[block]?.value?.value?.trim() ?? '';
  const accountIds = (values.accounts?.value?.selected_options ?? [])
    .map((o) => o.value)
    .filter((v) => v !== 'none');
  const campaignId = values.campaign?.value?.selected_option?.value;
  const errors: Record<string, string> = {};
  const media: Media[] = [];
  for (const url of text('media').split(/\s+/).filter(Boolean)) {
    if (!/^https?:\/\/\S+$/.test(url))
      errors.media = `"${url.slice(0, 80)}" is not an http(s) URL. Put one URL per line.`;
    else media.push({ url, kind: /\.(mp4|mov|webm|m4v)(\?|$)/i.test(url) ? 'video' : 'image' });
  }
  if (accountIds.length === 0) errors.accounts = 'Pick at least one account.';
  const accounts = await bot.deps.accounts.getMany(ctx.workspace.id, accountIds);
  const zone = accounts[0]?.timezone ?? ctx.workspace.timezone;
  const now = bot.deps.clock.now();
  const parsed = parseWhen(`${text('when')} ${text('recurrence')}`.trim(), { now, zone });
  if (!parsed.ok) {
    errors.when = clip(`${parsed.error.message}${parsed.error.hint ? ` Try: ${parsed.error.hint}` : ''}`);
    return { errors };
  }
  const preview = `Reads as: ${interpret(parsed.value, now).lines[0] ?? ''}`;
  const input: ScheduleInput = {
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    accountIds,
    caption: text('caption'),
    media,
    ...whenFields(parsed.value),
    ...(campaignId ? { campaignId } : {}),
  };
  if (Object.keys(errors).length === 0) {
    try {
      await previewSchedule(bot.deps, input);
      return { input };
    } catch (error) {
      if (!(error instanceof HeraldError)) throw error;
      errors[fieldOf(error)] = clip(`${error.message}${error.hint ? ` Try: ${error.hint}` : ''}`);
    }
  }
  // The live preview: whatever else is wrong, the time field says how it was read.
  errors.when = errors.when ? clip(`${errors.when} (${preview})`) : clip(preview);
  return { errors };
}

function fieldOf(error: HeraldError): string {
  if (error.code === 'TIME_IN_PAST' || error.code === 'CONFLICT') return 'when';
  if (error.code === 'NOT_FOUND') return /campaign/i.test(error.message) ? 'campaign' : 'accounts';
  return /caption|media/i.test(error.message) ? 'caption' : 'when';
}

function clip(text: string): string {
  return text.length <= 150 ? text : `${text.slice(0, 149)}…`;
}
