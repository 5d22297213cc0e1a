import { checkSlot, type ScheduledSlot } from '../domain/conflicts.js';
import type { Account, Actor, Campaign, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CoreDeps } from './deps.js';

const DAY = 86_400_000;
const LIVE = new Set([
  'suggested',
  'awaiting_approval',
  'scheduled',
  'publishing',
  'retry_wait',
  'needs_attention',
  'published',
]);

interface SlotCheck {
  workspaceId: string;
  campaign: Campaign | null;
  accounts: readonly Account[];
  at: Date;
  /** Jobs being moved: where they are now never conflicts with where they go. */
  ignoreJobIds?: readonly string[];
  /** A one-off post being moved: none of its own jobs conflict with it. */
  ignorePostId?: string;
  /** Accept despite a conflict: only by someone allowed to (assertMayForce). */
  force?: boolean | undefined;
  actor: Actor;
  actorRoles?: readonly string[] | undefined;
}

/**
 * A post closer than the campaign's minimum gap to another post of the same account, or over
 * its daily cap (counted in the account's zone), is refused with the conflicting post and the
 * next free slot — unless someone allowed to forces it. Create, reschedule and shift all ask here.
 */
export async function checkSlotPolicy(deps: Pick<CoreDeps, 'jobs'>, input: SlotCheck): Promise<void> {
  if (input.force) return assertMayForce(input.campaign, input.actor, input.actorRoles);
  const { campaign } = input;
  if (!campaign || (campaign.minGapMinutes <= 0 && campaign.dailyCap <= 0)) return;
  for (const account of input.accounts) {
    const existing = await liveSlots(
      deps,
      input.workspaceId,
      account.id,
      input.at,
      (j) => !input.ignoreJobIds?.includes(j.id) && j.postId !== input.ignorePostId,
    );
    assertSlot(campaign, account, input.at, existing);
  }
}

/** The account's live jobs within two days of `at` that `keep` accepts, as slots. */
export async function liveSlots(
  deps: Pick<CoreDeps, 'jobs'>,
  workspaceId: string,
  accountId: string,
  at: Date,
  keep: (job: PublishJob) => boolean = () => true,
): Promise<ScheduledSlot[]> {
  const from = new Date(at.getTime() - 2 * DAY);
  const to = new Date(at.getTime() + 2 * DAY);
  const jobs = await deps.jobs.listByAccountInWindow(workspaceId, accountId, from, to);
  return jobs
    .filter((j) => LIVE.has(j.status) && keep(j))
    .map((j) => ({ postId: j.postId, at: j.occurrenceAt }));
}

/** Refuses `at` for `account` when it breaks the campaign's gap or cap among `existing`. */
export function assertSlot(campaign: Campaign, account: Account, at: Date, existing: ScheduledSlot[]): void {
  const verdict = checkSlot({
    candidate: at,
    zone: account.timezone,
    minGapMinutes: campaign.minGapMinutes,
    dailyCap: campaign.dailyCap,
    existing,
  });
  if (verdict.ok) return;
  throw new HeraldError('CONFLICT', `@${account.handle}: ${verdict.message}`, {
    hint: `Next free slot: ${verdict.nextFreeSlot.toISOString()}. Add --force to schedule anyway.`,
    details: {
      reason: verdict.reason,
      conflictWith: verdict.conflictWith,
      nextFreeSlot: verdict.nextFreeSlot,
    },
  });
}

/**
 * A conflict is overridden with --force "by someone allowed to": a campaign approver (by id or
 * by a group/role they hold) when the campaign names approvers; operators (console, API keys,
 * the system) and everyone in a campaign without approvers otherwise.
 */
export function assertMayForce(campaign: Campaign | null, actor: Actor, roles: readonly string[] = []): void {
  const approvers = campaign?.approvers ?? [];
  if (approvers.length === 0 || !['slack', 'discord'].includes(actor.kind)) return;
  if (approvers.includes(actor.id) || roles.some((r) => approvers.includes(r))) return;
  throw new HeraldError(
    'FORBIDDEN',
    `Only approvers of campaign "${campaign?.name}" can schedule over a conflict with --force.`,
    { hint: 'Drop --force and pick the free slot Herald suggested, or ask an approver.' },
  );
}
