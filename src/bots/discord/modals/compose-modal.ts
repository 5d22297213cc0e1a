import type { ModalBuilder, ModalSubmitInteraction } from 'discord.js';
import { replyCard } from '../../../core/cards/cards.js';
import {
  composeDraft,
  composePrefill,
  draftFormValues,
  type OperationContext,
  splitCover,
  splitOwnCaptions,
} from '../../../core/operations/index.js';
import type { Draft } from '../../../core/ports/draft-store.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { Acknowledger } from '../acknowledger.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';
import { firstDelivery } from '../first-delivery.js';
import { cardMessage, noticeMessage } from '../render/card-message.js';
import { formId, textForm } from './modal-form.js';

/** What the compose form shows: a prefill for `/herald new`, a draft's values for Edit. */
interface ComposeValues {
  draftId?: string;
  caption?: string;
  media?: string;
  accounts?: string;
  /** The time, with its repeat rule if any (`2026-05-04 09:00 tz:UTC every weekday`). */
  when?: string;
  campaign?: string;
  /** Where a prefilled value comes from, said under its field. */
  captionNote?: string;
  whenNote?: string;
}

const OWN_CAPTIONS = 'An account’s own caption: a last line such as "for @zoe: her words".';

/**
 * The compose form. Discord forms hold five inputs and cannot show errors on a field, so some
 * inputs carry two things (own captions under the caption, the repeat after the time, a
 * `cover:` line among the media), and submitting does not schedule: it reads the form back as a
 * draft card — the interpretation echo with Confirm / Edit / Cancel, exactly like `/herald schedule`.
 */
export function composeModal(values: ComposeValues = {}): ModalBuilder {
  return textForm(formId('compose', values.draftId), values.draftId ? 'Edit post' : 'New post', [
    {
      id: 'caption',
      label: 'Caption',
      description: values.captionNote ?? OWN_CAPTIONS,
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
      label: 'When (and repeat)',
      description: values.whenNote ?? 'The account’s time zone unless you add tz:Area/City.',
      required: true,
      maxLength: 400,
      value: values.when,
      placeholder: 'tomorrow 9am · next slot · every weekday at 9:30 · Dec 1 9am tz:Europe/Paris',
    },
    {
      id: 'media',
      label: 'Media URLs (and cover)',
      description: 'Cover: a line "cover: 3s" (a moment of the video) or "cover: https://…/cover.jpg".',
      long: true,
      maxLength: 1000,
      value: values.media,
      placeholder: 'One https:// URL per line',
    },
    {
      id: 'campaign',
      label: 'Campaign',
      description: 'Its name; leave empty for the workspace’s default campaign.',
      maxLength: 100,
      value: values.campaign,
    },
  ]);
}

/** A new form's values: the prefill for the account named (else the first), nothing invented. */
export async function newPostValues(
  bot: DiscordBotContext,
  ctx: OperationContext,
  account: string | null,
): Promise<ComposeValues> {
  const p = await composePrefill(bot.deps, ctx, { accounts: account ? [account] : [], orFirst: true });
  if (!p.account) return {};
  const who = `@${p.account.handle}`;
  return {
    accounts: `${p.account.platform}:@${p.account.handle}`,
    ...(p.hashtags.length
      ? {
          caption: p.hashtags.join(' '),
          captionNote: `Starts with ${who}'s most-used hashtags. ${OWN_CAPTIONS}`.slice(0, 100),
        }
      : {}),
    ...(p.when
      ? { when: p.when, whenNote: `${who}'s next free slot: ${p.reads ?? p.when}`.slice(0, 100) }
      : {}),
  };
}

/** A draft's values for the Edit form. */
export async function draftValues(bot: DiscordBotContext, draft: Draft): Promise<ComposeValues> {
  const values = await draftFormValues(bot.deps, draft);
  const caption = values.captions ? `${values.caption}\n${values.captions}` : values.caption;
  return {
    draftId: values.draftId,
    caption,
    accounts: String(values.accounts),
    when: `${values.when} ${values.repeat ?? ''}`.trim(),
    media: [values.media, values.cover ? `cover: ${values.cover}` : ''].filter(Boolean).join('\n'),
    campaign: values.campaign ?? '',
  };
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
  const field = (id: string) => {
    try {
      return interaction.fields.getTextInputValue(id)?.trim() ?? '';
    } catch {
      return ''; // a form opened before its fields changed lacks some
    }
  };
  const form = {
    ...splitOwnCaptions(field('caption')),
    ...splitCover(field('media')),
    accounts: field('accounts'),
    when: field('when'),
    repeat: field('recurrence'),
    campaign: field('campaign'),
    ...(draftId ? { draftId } : {}),
  };
  try {
    if (!(await firstDelivery(bot, interaction))) return ack.abandon();
    const ctx = await commandContext(bot, interaction);
    const { reply } = await composeDraft(bot.deps, ctx, form);
    await ack.update(cardMessage(replyCard(reply), { tabular: true }));
  } catch (error) {
    const text = chatErrorText('discord', error, bot.logger, { form: 'compose' });
    const typed = `${form.accounts} "${form.caption}" ${form.when} ${form.repeat}`
      .slice(0, 1500)
      .replaceAll('`', "'");
    await ack.reply(noticeMessage(`${text}\nWhat you typed: \`${typed}\``), true);
  }
}
