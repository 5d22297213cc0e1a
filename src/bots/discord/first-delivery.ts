import type { Interaction } from 'discord.js';
import type { DiscordBotContext } from './discord-context.js';

/**
 * True the first time Herald sees this interaction. The Gateway may deliver an event again (a
 * resumed session replays what it thinks was missed); the first delivery answers, a repeat
 * must neither act twice nor try a second response (Discord refuses it with 40060).
 */
export async function firstDelivery(bot: DiscordBotContext, interaction: Interaction): Promise<boolean> {
  const first = await bot.deps.notices.firstTime(
    `discord:interaction:${interaction.id}`,
    bot.deps.clock.now(),
  );
  if (!first) bot.logger.info({ interaction: interaction.id }, 'discord: repeated delivery ignored');
  return first;
}
