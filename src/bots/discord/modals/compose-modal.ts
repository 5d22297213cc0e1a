import type { ModalBuilder, ModalSubmitInteraction } from 'discord.js';
import { replyCard } from '../../../core/cards/cards.js';
import type { CommandContext } from '../../../core/commands/context.js';
import { runCommand } from '../../../core/commands/router.js';
import type { Draft } from '../../../core/ports/draft-store.js';
import { discardDraft } from '../../../core/use-cases/drafts.js';
import { Acknowledger } from '../acknowledger.js';
import { quoteCaption } from '../command-line.js';
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
    { id: 'caption', label: 'Caption', long: true, required: true, maxLength: 2000, value: values.caption },
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

/** A draft's values for the Edit form (accounts as `platform:@handle`, so none is ambiguous). */
export async function draftValues(
  bot: DiscordBotContext,
  ctx: CommandContext,
  draft: Draft,
): Promise<ComposeValues> {
  const d = draft.input;
  const accounts = await bot.deps.accounts.getMany(ctx.workspace.id, d.accountIds);
  return {
    draftId: draft.id,
    caption: d.caption,
    accounts: accounts.map((a) => `${a.platform}:@${a.handle}`).join(', '),
    when: `${d.localTime.replace('T', ' ')} tz:${d.timezone}`,
    recurrence: d.recurrence
      ? `RRULE:${d.recurrence.rrule}${d.recurrence.exdates.length ? ` except ${d.recurrence.exdates.join(',')}` : ''}`
      : '',
    media: (d.media ?? []).map((m) => m.url).join('\n'),
  };
}

/**
 * The compose form's submission, run as the `schedule` command a user would type; the draft
 * card replaces the draft that was edited (which is dropped), or is sent privately for a new
 * post. A problem is said privately, with what was typed, since Discord forgets the form.
 */
export async function onComposeForm(
  bot: DiscordBotContext,
  interaction: ModalSubmitInteraction,
  draftId: string,
) {
  const ack = new Acknowledger(interaction, interaction.isFromMessage() ? 'update' : 'ephemeral');
  const field = (id: string) => interaction.fields.getTextInputValue(id)?.trim() ?? '';
  const line = [
    'schedule',
    field('accounts').replace(/\s+/g, ''),
    quoteCaption(field('caption')),
    field('when').replace(/\s+/g, ' '),
    field('recurrence').replace(/\s+/g, ' '),
    ...field('media')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((url) => `media:${url}`),
  ].join(' ');
  try {
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const ctx = await commandContext(bot, interaction);
    const reply = await runCommand(bot.deps, ctx, line);
    if (draftId)
      await discardDraft(bot.deps, { workspaceId: ctx.workspace.id, draftId, actor: ctx.actor }).catch(
        () => undefined,
      );
    await ack.update(cardMessage(replyCard(reply), { tabular: true }));
  } catch (error) {
    const text = discordErrorText(error, bot.logger, { form: 'compose' });
    const typed = line.slice(0, 1500).replaceAll('`', "'");
    await ack.reply(noticeMessage(`${text}\nWhat you typed: \`/herald ${typed}\``), true);
  }
}
