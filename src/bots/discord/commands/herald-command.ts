import type { ChatInputCommandInteraction } from 'discord.js';
import { replyCard } from '../../../core/cards/cards.js';
import { runCommand } from '../../../core/commands/router.js';
import type { Reply } from '../../../core/operations/reply.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { Acknowledger } from '../acknowledger.js';
import { SUBCOMMANDS } from '../command-definitions.js';
import { commandLine } from '../command-line.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';
import { firstDelivery } from '../first-delivery.js';
import { composeModal, newPostValues } from '../modals/compose-modal.js';
import { cardMessage, noticeMessage } from '../render/card-message.js';

/**
 * `/herald <subcommand>`: the typed options become the router's command line, the reply is the
 * same card Slack shows — in the channel when it concerns the channel, else only to the sender.
 * The answer goes out as the first response when it is ready in time, else after a deferral of
 * the same visibility (see Acknowledger). `/herald new` opens the compose form at once.
 */
export async function onHeraldCommand(bot: DiscordBotContext, interaction: ChatInputCommandInteraction) {
  const subcommand = interaction.options.getSubcommand(false) ?? 'help';
  if (subcommand === 'new') return onNew(bot, interaction);
  const spec = SUBCOMMANDS.find((s) => s.name === subcommand);
  const ack = new Acknowledger(interaction, spec?.public ? 'public' : 'ephemeral');
  try {
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const ctx = await commandContext(bot, interaction);
    const reply =
      subcommand === 'help'
        ? helpReply(ctx.workspace.id)
        : await runCommand(
            bot.deps,
            { ...ctx, channel: interaction.channelId },
            commandLine({ subcommand, option: (name) => optionValue(interaction, name) }),
          );
    await ack.reply(cardMessage(replyCard(reply), { tabular: true }), !reply.public);
  } catch (error) {
    const text = chatErrorText('discord', error, bot.logger, { subcommand, guild: interaction.guildId });
    await ack.reply(noticeMessage(text), true);
  }
}

/**
 * `/herald new [account]`: the compose form, prefilled for the account named (else the guild's
 * first). A form must be the first response, so nothing is deferred; a problem (an account that
 * is not there) is said privately instead.
 */
async function onNew(bot: DiscordBotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  try {
    const ctx = await commandContext(bot, interaction);
    const account = optionValue(interaction, 'account');
    const values = await newPostValues(bot, ctx, typeof account === 'string' ? account : null);
    await interaction.showModal(composeModal(values));
  } catch (error) {
    const text = chatErrorText('discord', error, bot.logger, {
      subcommand: 'new',
      guild: interaction.guildId,
    });
    await new Acknowledger(interaction, 'ephemeral').reply(noticeMessage(text), true);
  }
}

/**
 * `help` in Discord's own terms: the typed options of each subcommand with the router's
 * summaries, and this server's workspace id (what `herald keys create --workspace` takes to
 * reach its campaigns through the admin API).
 */
export function helpReply(workspaceId: string): Reply {
  const lines = SUBCOMMANDS.map((s) => {
    const options = s.options.map((o) => (o.required ? o.name : `[${o.name}]`)).join(' ');
    return `/herald ${s.name}${options ? ` ${options}` : ''} — ${s.description}`;
  });
  return {
    title: 'Herald commands',
    lines: [...lines, '', `This server is Herald workspace ${workspaceId}.`],
    public: false,
  };
}

function optionValue(interaction: ChatInputCommandInteraction, name: string): string | boolean | null {
  const value = interaction.options.get(name)?.value;
  if (value === undefined || value === null) return null;
  return typeof value === 'boolean' ? value : String(value);
}
