import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;

import type { Badge, Card } from '../../../core/cards/card.js';
import { encodeAction } from '../../../core/cards/card.js';

const BADGE_EMOJI: Record<Badge['kind'], string> = {
  missing_media: ':frame_with_picture: :x:',
  token_missing: ':key: :x:',
  token_expiring: ':key: :hourglass_flowing_sand:',
  awaiting_approval: ':raised_hand:',
  suggested: ':bulb:',
  scheduled: ':calendar:',
  retrying: ':repeat:',
  needs_attention: ':warning:',
  failed: ':x:',
  published: ':white_check_mark:',
  cancelled: ':no_entry_sign:',
};

/** A card as Block Kit: header, text, fields, readiness badges, buttons (or who decided). */
export function cardBlocks(card: Card): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(card.title, 150), emoji: true } },
  ];
  if (card.lines.length > 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(card.lines.join('\n'), 3000) } });
  if (card.fields.length > 0)
    blocks.push({
      type: 'section',
      fields: card.fields
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn' as const, text: clip(`*${f.label}*\n${f.value}`, 2000) })),
    });
  if (card.badges.length > 0)
    blocks.push({
      type: 'context',
      elements: card.badges.slice(0, 10).map((b) => ({ type: 'mrkdwn' as const, text: badgeText(b) })),
    });
  if (card.actions.length > 0)
    blocks.push({
      type: 'actions',
      block_id: 'herald_actions',
      elements: card.actions.map((a) => ({
        type: 'button' as const,
        action_id: encodeAction(a.id, a.target),
        value: a.target,
        text: { type: 'plain_text' as const, text: a.label },
        ...(a.style ? { style: a.style } : {}),
      })),
    });
  if (card.footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: card.footer }] });
  return blocks;
}

/** The notification text Slack shows where blocks cannot be (push notifications, screen readers). */
export function cardText(card: Card): string {
  return clip([card.title, ...card.lines, card.footer ?? ''].filter(Boolean).join('\n'), 3000);
}

/** A refusal or error, as one short section (shown only to the person who caused it). */
export function noticeBlocks(text: string): KnownBlock[] {
  return [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }];
}

function badgeText(badge: Badge): string {
  const text = `${BADGE_EMOJI[badge.kind]} ${badge.text}`;
  return badge.url ? `${text} <${badge.url}|link>` : text;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
