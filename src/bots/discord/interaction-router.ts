import { type Interaction, MessageFlags } from 'discord.js';
import { onCardButton } from './buttons/card-button.js';
import { onAutocomplete } from './commands/autocomplete.js';
import { onHeraldCommand } from './commands/herald-command.js';
import type { DiscordBotContext } from './discord-context.js';
import { onComposeForm } from './modals/compose-modal.js';
import { onDecisionForm } from './modals/decision-forms.js';
import { parseFormId } from './modals/modal-form.js';

/**
 * Every interaction Herald answers, by kind: `/herald` and its autocomplete, card buttons, and
 * its forms. Each handler maps its own errors to a private message (see chatErrorText);
 * what escapes it (Discord unreachable, say) is logged here and never crashes the bot.
 */
export async function routeInteraction(bot: DiscordBotContext, interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) return await onAutocomplete(bot, interaction);
    if (interaction.isChatInputCommand()) {
      if (interaction.commandName === 'herald') return await onHeraldCommand(bot, interaction);
      return void (await interaction.reply({
        content: `Herald does not know /${interaction.commandName}; run \`herald discord register\` again.`,
        flags: MessageFlags.Ephemeral,
      }));
    }
    if (interaction.isButton()) return await onCardButton(bot, interaction);
    if (interaction.isModalSubmit()) {
      const form = parseFormId(interaction.customId);
      if (form?.kind === 'compose') return await onComposeForm(bot, interaction, form.target);
      if (form) return await onDecisionForm(bot, interaction, { kind: form.kind, postId: form.target });
    }
  } catch (err) {
    bot.logger.error(
      { err, interaction: interaction.id, type: interaction.type },
      'discord: interaction failed',
    );
  }
}
