import type { ButtonInteraction } from 'discord.js';
import { decodeAction } from '../../../core/cards/card.js';
import { runCardAction } from '../../../core/cards/card-actions.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { Acknowledger } from '../acknowledger.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';
import { firstDelivery } from '../first-delivery.js';
import { composeModal, draftValues } from '../modals/compose-modal.js';
import { reasonForm, timeForm } from '../modals/decision-forms.js';
import { noticeMessage } from '../render/card-message.js';
import { showOutcome } from './show-outcome.js';

/**
 * Card buttons (custom_id `herald:<action>:<target>`, see `encodeAction`), run through the
 * shared card actions for the member who pressed, with the roles this press carries — so
 * permissions are checked on every click. The target id is untrusted: the use cases read it
 * only inside this guild's workspace. A decision replaces the card in place; a refusal is said
 * only to the presser; Reject, Edit time, Reschedule and Edit open a form.
 */
export async function onCardButton(bot: DiscordBotContext, interaction: ButtonInteraction): Promise<void> {
  const action = decodeAction(interaction.customId);
  const ack = new Acknowledger(interaction, 'update');
  try {
    if (!action) throw new Error(`unknown button ${interaction.customId.slice(0, 100)}`);
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const ctx = await commandContext(bot, interaction);
    const card = { channel: interaction.channelId, messageId: interaction.message.id };
    const outcome = await runCardAction(bot.deps, { ...ctx, card, channel: interaction.channelId }, action);
    if (outcome.kind === 'ask_reason') return await ack.modal(reasonForm(outcome.postId));
    if (outcome.kind === 'ask_time') return await ack.modal(timeForm(outcome.target, outcome.current));
    if (outcome.kind === 'compose')
      return await ack.modal(composeModal(await draftValues(bot, outcome.draft)));
    await showOutcome(ack, outcome);
  } catch (error) {
    const text = chatErrorText('discord', error, bot.logger, {
      button: interaction.customId,
      guild: interaction.guildId,
    });
    await ack.reply(noticeMessage(text), true);
  }
}
