/**
 * What a chat card says, independent of the surface: Slack renders it as Block Kit, Discord as
 * an embed with buttons, the console as lines. One builder per card keeps the two bots saying
 * exactly the same thing — they differ only in rendering and transport.
 */

/** Every button Herald puts on a card. The id is stable: Slack action_id and Discord custom_id derive from it. */
export const CARD_ACTIONS = [
  'confirm',
  'edit',
  'discard',
  'approve',
  'reject',
  'edit_time',
  'publish_now',
  'retry',
  'reschedule',
  'cancel',
  'accept_pick',
  'pick_next',
  'pick_never',
  'reconnect',
] as const;
export type CardActionId = (typeof CARD_ACTIONS)[number];

export interface CardAction {
  id: CardActionId;
  label: string;
  style?: 'primary' | 'danger';
  /** The id the button acts on (a post or draft id). Untrusted when it comes back: re-checked against the workspace. */
  target: string;
}

export type BadgeKind =
  | 'missing_media'
  | 'token_missing'
  | 'token_expiring'
  | 'awaiting_approval'
  | 'suggested'
  | 'scheduled'
  | 'retrying'
  | 'needs_attention'
  | 'failed'
  | 'published'
  | 'cancelled';

/** A readiness badge (docs/product.md#readiness-badges): what a glance at the card must tell. */
export interface Badge {
  kind: BadgeKind;
  text: string;
  url?: string;
}

export type CardTone = 'info' | 'success' | 'warning' | 'danger';

export interface Card {
  title: string;
  /** Short paragraphs: caption, time echo, reasons. */
  lines: string[];
  fields: { label: string; value: string }[];
  badges: Badge[];
  actions: CardAction[];
  /** Who decided and when, once a decision replaced the buttons. */
  footer?: string;
  tone: CardTone;
}

/** The action id and target encoded in one button id: `herald:<action>:<target>` (≤ 100 chars for Discord). */
export function encodeAction(action: CardActionId, target: string): string {
  return `herald:${action}:${target}`;
}

/** The inverse of `encodeAction`; null for anything that is not a Herald button. */
export function decodeAction(raw: string): { id: CardActionId; target: string } | null {
  const match = /^herald:([a-z_]+):([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!match) return null;
  const id = match[1] as CardActionId;
  return (CARD_ACTIONS as readonly string[]).includes(id) ? { id, target: match[2] as string } : null;
}
