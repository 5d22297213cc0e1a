import type { CoreDeps } from './deps.js';
import { notifyOnce } from './notify.js';

/** How long before its due time an unapproved job is called out in the alerts channel. */
const APPROVAL_WARNING_MS = 60 * 60_000;

/**
 * Approvals about to expire (docs/product.md#alerts): a post occurrence still awaiting approval
 * within the hour before it is due gets one alert (at due time it stops with needs_attention). One per occurrence
 * and due time, so a rescheduled post that comes close again is called out again; one chat could
 * not take goes out on a later sweep.
 */
export async function warnPendingApprovals(
  deps: Pick<CoreDeps, 'jobs' | 'notices' | 'notifier' | 'clock'>,
  limit = 500,
): Promise<number> {
  const now = deps.clock.now();
  const soon = await deps.jobs.findDue(
    ['awaiting_approval'],
    new Date(now.getTime() + APPROVAL_WARNING_MS),
    limit,
  );
  let sent = 0;
  for (const job of soon) {
    if (job.nextAttemptAt.getTime() <= now.getTime()) continue;
    // One alert per post occurrence: a post to three accounts is one decision, not three.
    const key = `approval_expiring:${job.postId}:${job.occurrenceAt.toISOString()}:${job.nextAttemptAt.toISOString()}`;
    if (await notifyOnce(deps, key, job.workspaceId, { type: 'approval_expiring', job })) sent += 1;
  }
  return sent;
}
