import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { type CardActionId, decodeAction } from '../../../core/cards/card.js';
import { runCardAction } from '../../../core/cards/card-actions.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { openComposeView } from '../views/compose-view.js';
import { noticeView, reasonView, timeView } from '../views/decision-views.js';
import { type CardMessage, cardRef, showOutcome } from './show-outcome.js';

/** Buttons that ask for more in a modal (a reject reason, a new time). */
const ASKING: readonly CardActionId[] = ['reject', 'edit_time', 'reschedule'];

/** Every Herald button: action ids are `herald:<action>:<target>` (see `encodeAction`). */
export const HERALD_ACTION = /^herald:[a-z_]+:/;

/**
 * Card buttons: acked at once, then run through the shared card actions. A replayed request
 * (same user, button and action_ts) is recognised and does nothing; a concurrent press by
 * someone else loses the compare-and-set in the use case and is told so.
 */
export function registerCardActions(app: App, bot: SlackBotContext): void {
  app.action<BlockAction<ButtonAction>>(HERALD_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const decoded = decodeAction(action.action_id);
    if (!decoded) return;
    const where: CardMessage = {
      channelId: body.container?.channel_id ?? body.channel?.id,
      ts: body.container?.message_ts ?? body.message?.ts,
      responseUrl: body.response_url,
      ephemeral: body.container?.is_ephemeral === true,
    };
    const replay = `slack:press:${body.team?.id}:${body.user.id}:${action.action_id}:${action.action_ts}`;
    if (!(await bot.deps.notices.firstTime(replay, bot.deps.clock.now()))) return;
    // A button that asks for more opens its modal at once: Slack's trigger_id lasts 3 s, and the
    // checks (approver groups read from Slack) may not. The form replaces the placeholder.
    const asks = ASKING.includes(decoded.id);
    const placeholder = asks
      ? (await client.views.open({ trigger_id: body.trigger_id, view: noticeView('Checking…') })).view?.id
      : undefined;
    try {
      const ctx = await commandContext(
        bot,
        client,
        { id: body.team?.id ?? '', domain: body.team?.domain },
        { id: body.user.id, name: body.user.name },
        decoded.target,
      );
      const outcome = await runCardAction(
        bot.deps,
        { ...ctx, card: cardRef(where), channel: where.channelId },
        decoded,
      );
      if (placeholder && (outcome.kind === 'ask_reason' || outcome.kind === 'ask_time')) {
        const meta = { ...where, postId: outcome.kind === 'ask_time' ? outcome.target : outcome.postId };
        const view = outcome.kind === 'ask_reason' ? reasonView(meta) : timeView(meta, outcome.current);
        await client.views.update({ view_id: placeholder, view });
      } else if (placeholder && outcome.kind === 'refused')
        await client.views.update({
          view_id: placeholder,
          view: noticeView(`:no_entry: ${outcome.message}`),
        });
      else if (outcome.kind === 'compose')
        await openComposeView(bot, client, ctx, {
          triggerId: body.trigger_id,
          channelId: where.channelId ?? '',
          draft: outcome.draft,
          ...(where.responseUrl ? { responseUrl: where.responseUrl } : {}),
        });
      else await showOutcome(bot, client, where, body.user.id, outcome);
    } catch (error) {
      const text = chatErrorText('slack', error, bot.logger, { action: action.action_id });
      if (placeholder) await client.views.update({ view_id: placeholder, view: noticeView(text) });
      else await showOutcome(bot, client, where, body.user.id, { kind: 'refused', message: text }, '');
    }
  });
}
