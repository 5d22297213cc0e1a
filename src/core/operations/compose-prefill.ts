import { captionFor } from '../domain/planned-time.js';
import type { Account } from '../domain/types.js';
import { interpret } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { nextSlotWhen } from './slots.js';

/** What a compose form starts with, and whose it is. */
export interface ComposePrefill {
  /** The account the suggestions are for (the first one asked about); null when there is none. */
  account: Pick<Account, 'id' | 'handle' | 'platform'> | null;
  /** Its next free posting slot as words Herald reads back (`2026-05-04 09:00 tz:Europe/Paris`). */
  when: string | null;
  /** How Herald reads that time (`Mon 4 May 2026 09:00 CEST (in 3 days)`). */
  reads: string | null;
  /** The hashtags its last 50 posts used most, most used first. */
  hashtags: string[];
}

/**
 * What the compose form starts with, honestly: the next free slot of the first account (none
 * when it has no plan) and the hashtags its last 50 posts used most — nothing invented. With no
 * account asked about, the workspace's first account is the one (chat forms open before a pick).
 */
export async function composePrefill(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { accounts: readonly string[]; orFirst?: boolean },
): Promise<ComposePrefill> {
  const accounts =
    req.accounts.length > 0
      ? await resolveAccounts(deps, ctx.workspace.id, req.accounts)
      : req.orFirst
        ? (await deps.accounts.list(ctx.workspace.id)).slice(0, 1)
        : [];
  const [first] = accounts;
  if (!first) return { account: null, when: null, reads: null, hashtags: [] };
  const campaignId = ctx.workspace.defaultCampaignId;
  const campaign = campaignId ? await deps.campaigns.get(ctx.workspace.id, campaignId) : null;
  const slot = first.slots?.length ? await nextSlotWhen(deps, accounts, campaign).catch(() => null) : null;
  const recent = await deps.posts.list({
    workspaceId: ctx.workspace.id,
    accountId: first.id,
    order: 'desc',
    limit: 50,
  });
  return {
    account: { id: first.id, handle: first.handle, platform: first.platform },
    when: slot ? `${slot.local.replace('T', ' ')} tz:${slot.zone}` : null,
    reads: slot ? (interpret(slot, deps.clock.now()).lines[0] ?? null) : null,
    hashtags: topHashtags(recent.items.map((p) => captionFor(p, first.id))),
  };
}

/** The five hashtags used most, most used first (ties: the one seen first). */
export function topHashtags(captions: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const caption of captions)
    for (const tag of new Set(caption.match(/#[\p{L}\p{N}_]+/gu) ?? []))
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([tag]) => tag);
}
