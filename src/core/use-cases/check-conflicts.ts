import { checkSlot } from '../domain/conflicts.js';
import type { Account, Campaign } from '../domain/types.js';
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

/**
 * SPEC §4: a post closer than the campaign's minimum gap to another post of the same account,
 * or over its daily cap (counted in the account's zone), is refused with the conflicting post
 * and the next free slot — unless the user forces it.
 */
export async function assertNoConflict(
  deps: Pick<CoreDeps, 'jobs'>,
  input: {
    workspaceId: string;
    campaign: Campaign | null;
    accounts: Account[];
    at: Date;
    ignorePostId?: string;
  },
): Promise<void> {
  const { campaign } = input;
  if (!campaign || (campaign.minGapMinutes <= 0 && campaign.dailyCap <= 0)) return;
  for (const account of input.accounts) {
    const from = new Date(input.at.getTime() - 2 * DAY);
    const to = new Date(input.at.getTime() + 2 * DAY);
    const jobs = await deps.jobs.listByAccountInWindow(input.workspaceId, account.id, from, to);
    const existing = jobs
      .filter((j) => LIVE.has(j.status))
      .map((j) => ({ postId: j.postId, at: j.occurrenceAt }));
    const verdict = checkSlot({
      candidate: input.at,
      zone: account.timezone,
      minGapMinutes: campaign.minGapMinutes,
      dailyCap: campaign.dailyCap,
      existing,
      ...(input.ignorePostId ? { ignorePostId: input.ignorePostId } : {}),
    });
    if (!verdict.ok) {
      throw new HeraldError('CONFLICT', `@${account.handle}: ${verdict.message}`, {
        hint: `Next free slot: ${verdict.nextFreeSlot.toISOString()}. Add --force to schedule anyway.`,
        details: {
          reason: verdict.reason,
          conflictWith: verdict.conflictWith,
          nextFreeSlot: verdict.nextFreeSlot,
        },
      });
    }
  }
}
