import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Badge, Card, CardAction, CardTone } from '../../../core/cards/card.js';
import { encodeAction } from '../../../core/cards/card.js';

/** A card as Discord message parts: one embed and, while a decision is open, one row of buttons. */
export interface CardMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

const BADGE_EMOJI: Record<Badge['kind'], string> = {
  missing_media: '🖼️❌',
  token_missing: '🔑❌',
  token_expiring: '🔑⏳',
  awaiting_approval: '✋',
  suggested: '💡',
  scheduled: '📅',
  retrying: '🔁',
  needs_attention: '⚠️',
  failed: '❌',
  published: '✅',
  cancelled: '🚫',
};

const TONE_COLOUR: Record<CardTone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
};

const BUTTON_STYLE: Record<
  NonNullable<CardAction['style']> | 'none',
  ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary
> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  none: ButtonStyle.Secondary,
};

/**
 * Renders a card the way the Slack bot's Block Kit does, within Discord's embed limits: the
 * title, the text (plus who decided, as a mention — embed footers cannot mention), the fields,
 * the readiness badges, and the buttons. A decided card has an empty button row list, so an
 * update removes the old buttons. `tabular` tidies the router's column-aligned lines (list,
 * stats, help), which Discord would show with ragged spacing.
 */
export function cardMessage(card: Card, opts: { tabular?: boolean } = {}): CardMessage {
  const lines = opts.tabular ? card.lines.map((l) => l.trim().replace(/ {2,}/g, ' · ')) : card.lines;
  const text = [...lines, ...(card.footer ? ['', `*${card.footer}*`] : [])].join('\n');
  const fields: APIEmbedField[] = card.fields.slice(0, 24).map((f) => ({
    name: clip(f.label, 256),
    value: clip(f.value || '—', 1024),
    inline: f.value.length <= 40,
  }));
  if (card.badges.length > 0)
    fields.push({
      name: 'Readiness',
      value: clip(card.badges.map(badgeText).join('\n'), 1024),
      inline: false,
    });
  const embed: APIEmbed = {
    title: clip(card.title, 256),
    color: TONE_COLOUR[card.tone],
    ...(text ? { description: clip(text, 4096) } : {}),
    ...(fields.length > 0 ? { fields } : {}),
  };
  return { embeds: [embed], components: buttonRows(card.actions) };
}

/** A refusal or error, shown only to the person who caused it. */
export function noticeMessage(text: string): { content: string; embeds: []; components: [] } {
  return { content: clip(text, 2000), embeds: [], components: [] };
}

function buttonRows(actions: CardAction[]): CardMessage['components'] {
  const rows: CardMessage['components'] = [];
  for (let i = 0; i < actions.length && rows.length < 5; i += 5) {
    rows.push({
      type: ComponentType.ActionRow,
      components: actions.slice(i, i + 5).map((a) => ({
        type: ComponentType.Button,
        custom_id: encodeAction(a.id, a.target),
        label: clip(a.label, 80),
        style: BUTTON_STYLE[a.style ?? 'none'],
      })),
    });
  }
  return rows;
}

function badgeText(badge: Badge): string {
  const text = `${BADGE_EMOJI[badge.kind]} ${badge.text}`;
  return badge.url ? `${text} — [link](${badge.url})` : text;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
