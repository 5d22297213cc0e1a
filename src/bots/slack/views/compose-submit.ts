import type { App, ViewOutput } from '@slack/bolt';
import { replyCard } from '../../../core/cards/cards.js';
import { HeraldError } from '../../../core/errors.js';
import {
  type ComposeForm,
  composeDraft,
  composeFieldOf,
  composePreview,
} from '../../../core/operations/index.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { cardBlocks, cardText } from '../blocks/card-blocks.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { COMPOSE_CALLBACK, type ComposeMeta } from './compose-view.js';
import { firstSubmit } from './decision-views.js';
import { readMeta, respondTo } from './view-meta.js';

type Values = ViewOutput['state']['values'];

/**
 * The compose form's submit: the compose operation reads it into a draft before the ack, so a
 * problem shows on the field it belongs to (with how the time reads beside it); a clean form
 * is read back as a draft card with Confirm / Edit / Cancel, as `/herald schedule` is.
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
    if (!(await firstSubmit(bot, view))) return void (await ack({ response_action: 'clear' }));
    const form = formOf(view.state.values, meta);
    let reply: Awaited<ReturnType<typeof composeDraft>>['reply'];
    try {
      reply = (await composeDraft(bot.deps, ctx, form)).reply;
    } catch (error) {
      if (!(error instanceof HeraldError) || error.code === 'INTERNAL') throw error;
      return void (await ack({
        response_action: 'errors',
        errors: await fieldErrors(bot, ctx, form, error),
      }));
    }
    await ack({ response_action: 'clear' });
    const card = replyCard(reply);
    const message = { text: cardText(card), blocks: cardBlocks(card) };
    try {
      if (meta.responseUrl) await respondTo(meta.responseUrl, { ...message, replace_original: true });
      else if (meta.channelId.startsWith('U') || meta.channelId.startsWith('D'))
        await client.chat.postMessage({ channel: meta.channelId, ...message });
      else await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, ...message });
    } catch (error) {
      bot.logger.warn({ err: error, view: COMPOSE_CALLBACK }, chatErrorText('slack', error, bot.logger, {}));
    }
  });
}

function formOf(values: Values, meta: ComposeMeta): ComposeForm {
  const text = (block: string) => values[block]?.value?.value?.trim() ?? '';
  return {
    caption: text('caption'),
    captions: text('captions'),
    accounts: (values.accounts?.value?.selected_options ?? [])
      .map((o) => o.value)
      .filter((v) => v !== 'none'),
    when: text('when'),
    repeat: text('recurrence'),
    media: text('media'),
    cover: text('cover'),
    campaignId: values.campaign?.value?.selected_option?.value,
    draftId: meta.draftId,
    saveToLibrary: (values.library?.value?.selected_options ?? []).some((o) => o.value === 'save'),
  };
}

/** The error on its field; the time field always says how the time reads, whatever else is wrong. */
async function fieldErrors(
  bot: SlackBotContext,
  ctx: Awaited<ReturnType<typeof commandContext>>,
  form: ComposeForm,
  error: HeraldError,
): Promise<Record<string, string>> {
  const field = composeFieldOf(error);
  const errors: Record<string, string> = {
    [field]: clip(`${error.message}${error.hint ? ` Try: ${error.hint}` : ''}`),
  };
  const preview = field === 'when' ? null : await composePreview(bot.deps, ctx, form);
  if (preview) errors.when = clip(`Reads as: ${preview}`);
  return errors;
}

function clip(text: string): string {
  return text.length <= 150 ? text : `${text.slice(0, 149)}…`;
}
