import type { ModalBuilder, ModalSubmitInteraction } from 'discord.js';
import { type ActionOutcome, submitNewTime, submitRejection } from '../../../core/cards/card-actions.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { Acknowledger } from '../acknowledger.js';
import { showOutcome } from '../buttons/show-outcome.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';
import { firstDelivery } from '../first-delivery.js';
import { noticeMessage } from '../render/card-message.js';
import { formId, textForm } from './modal-form.js';

/** Reject asks for a reason (optional, kept on the jobs and in the audit row). */
export function reasonForm(postId: string): ModalBuilder {
  return textForm(formId('reject', postId), 'Reject post', [
    {
      id: 'reason',
      label: 'Reason',
      description: 'What should change — the author sees this.',
      long: true,
      maxLength: 500,
      placeholder: 'Wrong colours; please use the launch palette',
    },
  ]);
}

/** Edit time / Reschedule asks for a time in the scheduling language (or +1h / -30m), for a post or one occurrence. */
export function timeForm(target: string, current: string): ModalBuilder {
  return textForm(formId('time', target), 'New time', [
    {
      id: 'when',
      label: 'New time',
      description: `Now: ${current}`,
      required: true,
      maxLength: 200,
      placeholder: '+1h · -30m · tomorrow 9am · Dec 1 18:00 tz:Europe/Paris',
    },
  ]);
}

/**
 * The reason and time forms' submissions: the decision replaces the card the form was opened
 * from (everyone sees who decided); a refusal, or a time Herald cannot read, is said only to
 * the submitter. The roles are those of this submission, re-checked by the use case.
 */
export async function onDecisionForm(
  bot: DiscordBotContext,
  interaction: ModalSubmitInteraction,
  form: { kind: 'reject' | 'time'; postId: string },
): Promise<void> {
  const ack = new Acknowledger(interaction, interaction.isFromMessage() ? 'update' : 'ephemeral');
  try {
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const from = interaction.isFromMessage() ? interaction.message : undefined;
    const ctx = {
      ...(await commandContext(bot, interaction)),
      ...(from ? { card: { channel: from.channelId, messageId: from.id } } : {}),
    };
    const field = (id: string) => interaction.fields.getTextInputValue(id) ?? '';
    const outcome: ActionOutcome =
      form.kind === 'reject'
        ? await submitRejection(bot.deps, ctx, form.postId, field('reason'))
        : await submitNewTime(bot.deps, ctx, form.postId, field('when'));
    await showOutcome(ack, outcome);
  } catch (error) {
    const text = chatErrorText('discord', error, bot.logger, { form: form.kind, postId: form.postId });
    await ack.reply(noticeMessage(text), true);
  }
}
