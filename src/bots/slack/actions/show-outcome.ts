import type { webApi } from '@slack/bolt';
import type { ActionOutcome } from '../../../core/cards/card-actions.js';
import type { CardMessageRef } from '../../../core/ports/card-ref-store.js';
import { cardBlocks, cardText, noticeBlocks } from '../blocks/card-blocks.js';
import type { SlackBotContext } from '../slack-context.js';
import { respondTo } from '../views/view-meta.js';

/** The card a press or form acts on: a channel message (updated with chat.update) or an ephemeral one (via response_url). */
export interface CardMessage {
  channelId?: string | undefined;
  ts?: string | undefined;
  responseUrl?: string | undefined;
  ephemeral?: boolean | undefined;
}

/** The channel message a press or form came from, as the core names it (none for an ephemeral card). */
export function cardRef(where: CardMessage): CardMessageRef | undefined {
  if (where.ephemeral || !where.channelId || !where.ts) return undefined;
  return { channel: where.channelId, messageId: where.ts };
}

/**
 * Shows what a press led to: a new card replaces the old one in place (so everyone sees who
 * decided); a refusal goes only to the person who pressed.
 */
export async function showOutcome(
  bot: SlackBotContext,
  client: webApi.WebClient,
  where: CardMessage,
  userId: string,
  outcome: ActionOutcome,
  prefix = ':no_entry: ',
): Promise<void> {
  if (outcome.kind === 'refused' || outcome.kind === 'private') {
    const text = `${outcome.kind === 'refused' ? prefix : ''}${outcome.message}`;
    if (where.responseUrl)
      await respondTo(where.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        text,
        blocks: noticeBlocks(text),
      });
    else if (where.channelId)
      await client.chat.postEphemeral({ channel: where.channelId, user: userId, text });
    return;
  }
  if (outcome.kind !== 'card') return;
  const message = { text: cardText(outcome.card), blocks: cardBlocks(outcome.card) };
  if (!where.ephemeral && where.channelId && where.ts)
    await client.chat.update({ channel: where.channelId, ts: where.ts, ...message });
  else if (where.responseUrl) await respondTo(where.responseUrl, { ...message, replace_original: true });
  else bot.logger.warn({ where }, 'no way to update the card in place');
}
