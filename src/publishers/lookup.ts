import type { Account } from '../core/domain/types.js';

/**
 * Reconciliation for platforms without an idempotency key (Instagram, TikTok, and Mastodon after its
 * one-hour key window): after a crash we find the post among the account's recent posts by its
 * caption and creation time. The port's `lookup(key, account)` carries neither, so adapters accept
 * an optional third argument and also remember what they themselves started in this process.
 */

import type { LookupContext } from '../core/ports/publisher.js';

export type { LookupContext };

/** A recent post as the platform lists it. */
interface RecentPost {
  id: string;
  caption: string;
  createdAt: Date;
  url?: string | undefined;
}

/** Clock skew allowed between our `notBefore` and the platform's timestamps. */
const LOOKUP_SKEW_MS = 5 * 60_000;

/**
 * What this process started publishing, by idempotency key: covers "the publish call timed out, did
 * it land?" without the pipeline passing a context. Bounded; lost on restart by design (no tokens).
 */
export class PublishJournal {
  private readonly entries = new Map<string, { caption: string; startedAt: Date }>();

  constructor(private readonly capacity = 1000) {}

  remember(idempotencyKey: string, caption: string, startedAt: Date): void {
    this.entries.delete(idempotencyKey);
    this.entries.set(idempotencyKey, { caption, startedAt });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The caller's context, completed from what this process remembers. */
  complete(idempotencyKey: string, context: LookupContext = {}): LookupContext {
    const known = this.entries.get(idempotencyKey);
    return {
      token: context.token,
      caption: context.caption ?? known?.caption,
      notBefore: context.notBefore ?? known?.startedAt,
    };
  }
}

/** Compares captions the way platforms round-trip them: NFC, whitespace-insensitive. */
function normalizeCaption(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Mastodon returns statuses as HTML; this recovers comparable text from it. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<br\s*\/?>/giu, '\n')
      .replace(/<\/p>\s*<p[^>]*>/giu, '\n\n')
      .replace(/<[^>]*>/gu, ''),
  );
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, entity: string) => {
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? whole;
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The post whose caption matches and which was created at or after `notBefore` (minus skew);
 * the earliest such post when several match (the first publish is the one that counts).
 */
export function findByCaption(posts: readonly RecentPost[], context: LookupContext): RecentPost | null {
  if (context.caption === undefined || context.notBefore === undefined) return null;
  const wanted = normalizeCaption(context.caption);
  const from = context.notBefore.getTime() - LOOKUP_SKEW_MS;
  const matches = posts
    .filter((post) => post.createdAt.getTime() >= from && normalizeCaption(post.caption) === wanted)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return matches[0] ?? null;
}

/** True when a context has enough to match by caption. */
export function canMatch(context: LookupContext): boolean {
  return context.caption !== undefined && context.notBefore !== undefined;
}

/**
 * The account's id on the platform (Instagram user id, Bluesky DID). Account has no such field yet:
 * this reads `platformUserId` when present so adding it to Account needs no change here.
 */
export function platformUserIdOf(account: Account): string | undefined {
  const value = (account as Account & { platformUserId?: unknown }).platformUserId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
