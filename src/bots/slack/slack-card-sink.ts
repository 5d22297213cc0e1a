import type { webApi } from '@slack/bolt';
import type { Card } from '../../core/cards/card.js';
import type { CardSink } from '../shared/chat-notifier.js';
import { cardBlocks, cardText } from './blocks/card-blocks.js';

/**
 * Posts alert and approval cards with the bot token (any Herald process with the token can).
 * A bot token belongs to one Slack team, so it cannot reach another team's channels.
 */
export class SlackCardSink implements CardSink {
  constructor(private readonly client: webApi.WebClient) {}

  async post(channel: string, card: Card): Promise<{ channel: string; messageId: string }> {
    const res = await this.client.chat.postMessage({
      channel,
      text: cardText(card),
      blocks: cardBlocks(card),
    });
    return { channel: res.channel ?? channel, messageId: res.ts ?? '' };
  }

  async update(channel: string, messageId: string, card: Card): Promise<void> {
    await this.client.chat.update({ channel, ts: messageId, text: cardText(card), blocks: cardBlocks(card) });
  }
}
