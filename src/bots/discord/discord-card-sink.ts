import { type APIChannel, type APIMessage, type REST, Routes } from 'discord.js';
import type { Card } from '../../core/cards/card.js';
import type { Workspace } from '../../core/domain/types.js';
import type { CardSink } from '../shared/chat-notifier.js';
import { cardMessage } from './render/card-message.js';

/**
 * Posts alert and approval cards over REST with the bot token, so any Herald process with the
 * token can (a worker needs no Gateway connection). discord.js's REST client queues per route
 * and waits out a 429's retry_after before trying again, instead of retrying in a storm.
 */
export class DiscordCardSink implements CardSink {
  /** Channel id → its guild id, learnt once per channel. */
  private readonly guildOf = new Map<string, string | undefined>();

  constructor(private readonly rest: REST) {}

  async post(
    channel: string,
    card: Card,
    workspace: Workspace,
  ): Promise<{ channel: string; messageId: string }> {
    // One bot serves many guilds: a channel id set on one guild's campaign must not reach another guild.
    if (!this.guildOf.has(channel))
      this.guildOf.set(
        channel,
        ((await this.rest.get(Routes.channel(channel))) as APIChannel & { guild_id?: string }).guild_id,
      );
    if (this.guildOf.get(channel) !== workspace.externalId)
      throw new Error(`channel ${channel} is not in guild ${workspace.externalId}; refusing to post there`);
    const message = (await this.rest.post(Routes.channelMessages(channel), {
      body: { ...cardMessage(card), allowed_mentions: { parse: [] } },
    })) as APIMessage;
    return { channel: message.channel_id, messageId: message.id };
  }

  async update(channel: string, messageId: string, card: Card): Promise<void> {
    await this.rest.patch(Routes.channelMessage(channel, messageId), { body: cardMessage(card) });
  }
}
