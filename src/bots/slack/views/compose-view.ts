import type { types, webApi } from '@slack/bolt';
import type { OperationContext } from '../../../core/operations/context.js';
import { type ComposePrefill, composePrefill, draftFormValues } from '../../../core/operations/index.js';
import type { Draft } from '../../../core/ports/draft-store.js';
import type { SlackBotContext } from '../slack-context.js';

export const COMPOSE_CALLBACK = 'herald_compose';

/** Where the compose form came from: the channel to answer in, and the draft it edits. */
export interface ComposeMeta {
  channelId: string;
  draftId?: string;
  /** The draft message's response_url, so the edited post replaces it in place. */
  responseUrl?: string;
}

/**
 * Opens the compose form: Edit on a draft has its fields filled in; a new form (`/herald new
 * [@account]`) starts with the account named (else the workspace's first) picked, its next free
 * posting slot as the time and its most-used hashtags in the caption — each left empty when
 * there is nothing to go on.
 */
export async function openComposeView(
  bot: SlackBotContext,
  client: webApi.WebClient,
  ctx: OperationContext,
  opts: { triggerId: string } & ComposeMeta & { draft?: Draft; accounts?: string[] },
): Promise<void> {
  const { triggerId, draft: toEdit, accounts: named = [], ...meta } = opts;
  const [accounts, campaigns, draft, prefill] = await Promise.all([
    bot.deps.accounts.list(ctx.workspace.id),
    bot.deps.campaigns.list(ctx.workspace.id),
    toEdit ? draftFormValues(bot.deps, toEdit) : Promise.resolve(undefined),
    toEdit ? Promise.resolve(undefined) : composePrefill(bot.deps, ctx, { accounts: named, orFirst: true }),
  ]);
  const view = composeView({
    accounts,
    campaigns,
    draft: draft ?? (prefill ? prefilled(prefill) : undefined),
    prefill,
    meta: draft ? { ...meta, draftId: draft.draftId } : meta,
  });
  await client.views.open({ trigger_id: triggerId, view });
}

type FormValues = Omit<Awaited<ReturnType<typeof draftFormValues>>, 'draftId'> & { draftId?: string };

/** A new form's starting values from the prefill. */
function prefilled(p: ComposePrefill): FormValues {
  return {
    caption: p.hashtags.join(' '),
    accounts: p.account ? [p.account.id] : [],
    accountIds: p.account ? [p.account.id] : [],
    when: p.when ?? '',
  };
}

interface ComposeInput {
  accounts: { id: string; handle: string; platform: string }[];
  campaigns: { id: string; name: string }[];
  draft?: FormValues | undefined;
  prefill?: ComposePrefill | undefined;
  meta: ComposeMeta;
}

function composeView(input: ComposeInput): types.View {
  const d = input.draft;
  const p = input.prefill;
  const whose = p?.account ? `@${p.account.handle}` : '';
  const option = (text: string, value: string) => ({
    text: { type: 'plain_text' as const, text: text.slice(0, 75) },
    value,
  });
  const accountOptions = input.accounts
    .slice(0, 100)
    .map((a) => option(`@${a.handle} (${a.platform})`, a.id));
  const chosen = accountOptions.filter((o) => d?.accountIds.includes(o.value));
  const blocks: types.KnownBlock[] = [
    textInput('caption', 'Caption', {
      multiline: true,
      initial: d?.caption || undefined,
      placeholder: 'What the post says',
      ...(p?.hashtags.length
        ? {
            hint: `Starts with the hashtags ${whose} used most in its last 50 posts: keep, edit or delete them.`,
          }
        : {}),
    }),
    textInput('captions', 'Own captions', {
      multiline: true,
      optional: true,
      initial: d?.captions || undefined,
      placeholder: 'One per line: @zoe: her own words #tag',
      hint: 'An account listed here publishes its own caption instead of the one above.',
    }),
    textInput('media', 'Media URLs', {
      multiline: true,
      optional: true,
      initial: d?.media,
      placeholder: 'One https:// URL per line',
    }),
    textInput('cover', 'Cover', {
      optional: true,
      initial: d?.cover || undefined,
      placeholder: '3s · 0:03 · https://…/cover.jpg · one of the media URLs',
      hint: 'What the video opens on: a moment of it, or a picture. A media URL here goes first (a carousel’s cover).',
    }),
    {
      type: 'input',
      block_id: 'accounts',
      label: { type: 'plain_text', text: 'Accounts' },
      element: {
        type: 'multi_static_select',
        action_id: 'value',
        placeholder: { type: 'plain_text', text: 'Where to post' },
        options: accountOptions.length > 0 ? accountOptions : [option('no accounts connected', 'none')],
        ...(chosen.length > 0 ? { initial_options: chosen } : {}),
      },
    },
    textInput('when', 'When', {
      initial: d?.when || undefined,
      placeholder: 'tomorrow 9am · in 2h · next slot · Dec 1 9am tz:Europe/Paris',
      hint: p?.reads
        ? `The next free posting slot of ${whose}: reads as ${p.reads}.`
        : 'Natural language; the account’s time zone unless you add tz:Area/City.',
    }),
    textInput('recurrence', 'Repeat', {
      optional: true,
      initial: d?.repeat || undefined,
      placeholder: 'every weekday · every mon,wed at 18:00 · 10 times · except 2026-12-25',
    }),
    {
      type: 'input',
      block_id: 'library',
      optional: true,
      label: { type: 'plain_text', text: 'Library' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [
          {
            text: { type: 'plain_text', text: 'Save the media to the library' },
            description: { type: 'plain_text', text: 'So the autopilot can post them again later' },
            value: 'save',
          },
        ],
      },
    },
  ];
  if (input.campaigns.length > 0)
    blocks.push({
      type: 'input',
      block_id: 'campaign',
      optional: true,
      label: { type: 'plain_text', text: 'Campaign' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: input.campaigns.slice(0, 100).map((c) => option(c.name, c.id)),
        ...(d?.campaignId
          ? {
              initial_option: option(
                input.campaigns.find((c) => c.id === d.campaignId)?.name ?? d.campaignId,
                d.campaignId,
              ),
            }
          : {}),
      },
    });
  return {
    type: 'modal',
    callback_id: COMPOSE_CALLBACK,
    private_metadata: JSON.stringify(input.meta),
    title: { type: 'plain_text', text: input.draft ? 'Edit post' : 'New post' },
    submit: { type: 'plain_text', text: 'Schedule' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** A plain-text input block whose value is read back as `values[blockId].value`. */
export function textInput(
  blockId: string,
  label: string,
  opts: {
    multiline?: boolean;
    optional?: boolean;
    initial?: string | undefined;
    placeholder?: string;
    hint?: string;
  } = {},
): types.KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(opts.hint ? { hint: { type: 'plain_text' as const, text: opts.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: opts.multiline ?? false,
      ...(opts.initial ? { initial_value: opts.initial } : {}),
      ...(opts.placeholder
        ? { placeholder: { type: 'plain_text' as const, text: opts.placeholder.slice(0, 150) } }
        : {}),
    },
  };
}
