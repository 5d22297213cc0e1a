import type { ModalBuilder, ModalSubmitInteraction } from 'discord.js';
import { replyCard } from '../../../core/cards/cards.js';
import { composeDraft, draftFormValues, splitOwnCaptions } from '../../../core/operations/index.js';
import type { Draft } from '../../../core/ports/draft-store.js';
import { Acknowledger } from '../acknowledger.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';
import { discordErrorText } from '../discord-errors.js';
import { firstDelivery } from '../first-delivery.js';
import { cardMessage, noticeMessage } from '../render/card-message.js';
import { formId, textForm } from './modal-form.js';

/** What the compose form shows: empty for `/herald new`, a draft's values for Edit. */
export interface ComposeValues {
  draftId?: string;
  caption?: string;
  media?: string;
  accounts?: string;
  when?: string;
  recurrence?: string;
}

/**
 * The compose form. Discord forms hold five text inputs and cannot show errors on a field, so
 * submitting does not schedule: it reads the form back as a draft card — the interpretation
 * echo with Confirm / Edit / Cancel, exactly like `/herald schedule`.
 */
export function composeModal(values: ComposeValues = {}): ModalBuilder {
  return textForm(formId('compose', values.draftId), values.draftId ? 'Edit post' : 'New post', [
    {
      id: 'caption',
      label: 'Caption',
      description: 'An account’s own caption: a last line such as "for @zoe: her words".',
      long: true,
      required: true,
      maxLength: 4000,
      value: values.caption,
    },
    {
      id: 'accounts',
      label: 'Accounts',
      description: 'Comma-separated; add the platform when a handle has several.',
      required: true,
      maxLength: 200,
      value: values.accounts,
      placeholder: '@demo · instagram:@mia, tiktok:@mia',
    },
    {
      id: 'when',
      label: 'When',
      description: 'The account’s time zone unless you add tz:Area/City.',
      required: true,
      maxLength: 200,
      value: values.when,
      placeholder: 'tomorrow 9am · in 2h · Dec 1 9am tz:Europe/Paris',
    },
    {
      id: 'recurrence',
      label: 'Repeat',
      maxLength: 300,
      value: values.recurrence,
      placeholder: 'every weekday · every mon,wed at 18:00 · 10 times · except 2026-12-25',
    },
    {
      id: 'media',
      label: 'Media URLs',
      long: true,
      maxLength: 1000,
      value: values.media,
      placeholder: 'One https:// URL per line',
    },
  ]);
}

/** A draft's values for the Edit form. */
export async function draftValues(bot: DiscordBotContext, draft: Draft): Promise<ComposeValues> {
  const values = await draftFormValues(bot.deps, draft);
  const caption = values.captions ? `${values.caption}\n${values.captions}` : values.caption;
  return { ...values, caption, accounts: String(values.accounts), recurrence: values.repeat ?? '' };
}

/**
 * The compose form's submission, read by the compose operation into a draft card — the
 * interpretation echo with Confirm / Edit / Cancel — which replaces the draft that was edited
 * (that one is used up), or is sent privately for a new post. A problem is said privately, with
 * what was typed, since Discord forgets the form.
 */
export async function onComposeForm(
  bot: DiscordBotContext,
  interaction: ModalSubmitInteraction,
  draftId: string,
) {
  const ack = new Acknowledger(interaction, interaction.isFromMessage() ? 'update' : 'ephemeral');
  const field = (id: string) => interaction.fields.getTextInputValue(id)?.trim() ?? '';
  const form = {
    ...splitOwnCaptions(field('caption')),
    accounts: field('accounts'),
    when: field('when'),
    repeat: field('recurrence'),
    media: field('media'),
    ...(draftId ? { draftId } : {}),
  };
  try {
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const ctx = await commandContext(bot, interaction);
    const { reply } = await composeDraft(bot.deps, ctx, form);
    await ack.update(cardMessage(replyCard(reply), { tabular: true }));
  } catch (error) {
    const text = discordErrorText(error, bot.logger, { form: 'compose' });
    const typed = `${form.accounts} "${form.caption}" ${form.when} ${form.repeat}`
      .slice(0, 1500)
      .replaceAll('`', "'");
    await ack.reply(noticeMessage(`${text}\nWhat you typed: \`${typed}\``), true);
  }
}
