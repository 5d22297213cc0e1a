import { type APIMessage, type REST, Routes } from 'discord.js';
import type { Card } from '../../core/cards/card.js';
import type { CardSink } from '../shared/chat-notifier.js';
import { cardMessage } from './render/card-message.js';

/**
 * Posts alert and approval cards over REST with the bot token, so any Herald process with the
 * token can (a worker needs no Gateway connection). discord.js's REST client queues per route
 * and waits out a 429's retry_after before trying again, instead of retrying in a storm.
 */
export class DiscordCardSink implements CardSink {
  constructor(private readonly rest: REST) {}

  async post(channel: string, card: Card): Promise<{ channel: string; messageId: string }> {
    const message = (await this.rest.post(Routes.channelMessages(channel), {
      body: { ...cardMessage(card), allowed_mentions: { parse: [] } },
    })) as APIMessage;
    return { channel: message.channel_id, messageId: message.id };
  }
}
