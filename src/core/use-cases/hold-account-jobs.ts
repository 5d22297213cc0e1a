import type { JobStatus } from '../domain/job-status.js';
import type { Account, Actor, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';
import { JOB_WRITES_IN_FLIGHT, mapLimit } from './map-limit.js';
import { transitionJob } from './transition-job.js';

type Deps = Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>;

/** Why jobs wait for their account: a refresh failed for good, or someone disconnected it. */
export const HOLD_CODES = ['account_needs_reconnect', 'account_disconnected'] as const;
export type HoldCode = (typeof HOLD_CODES)[number];

/** Jobs that would publish on their own; the others (suggested, awaiting approval) wait for a person anyway. */
const HELD_FROM: readonly JobStatus[] = ['scheduled', 'retry_wait'];
const TEN_YEARS_MS = 10 * 366 * 86_400_000;

async function jobsOf(deps: Deps, account: Account): Promise<PublishJob[]> {
  const until = new Date(deps.clock.now().getTime() + TEN_YEARS_MS);
  return deps.jobs.listByAccountInWindow(account.workspaceId, account.id, new Date(0), until);
}

/**
 * Holds every job of `account` that would publish on its own in `needs_attention` with the
 * reason: nothing is lost (a reconnect resumes them, a person may retry or cancel each), and
 * none fails against a platform that would refuse it. Returns how many were held.
 */
export async function holdAccountJobs(
  deps: Deps,
  account: Account,
  hold: { code: HoldCode; message: string; actor: Actor },
): Promise<number> {
  const pending = (await jobsOf(deps, account)).filter((j) => HELD_FROM.includes(j.status));
  const moved = await mapLimit(pending, JOB_WRITES_IN_FLIGHT, (job) =>
    transitionJob(deps, {
      job,
      to: 'needs_attention',
      actor: hold.actor,
      patch: { lastError: { code: hold.code, message: hold.message } },
      decision: { reason: hold.code, accountId: account.id },
    }),
  );
  return moved.filter(Boolean).length;
}

/**
 * After a (re)connect: the jobs held for the account whose time is still ahead go back to
 * `scheduled` at their time. Those whose time passed meanwhile stay in needs_attention, for a
 * person to retry, reschedule or cancel — Herald does not publish late on its own.
 */
export async function resumeAccountJobs(deps: Deps, account: Account, actor: Actor): Promise<number> {
  const now = deps.clock.now();
  const held = (await jobsOf(deps, account)).filter(
    (j) =>
      j.status === 'needs_attention' &&
      (HOLD_CODES as readonly string[]).includes(j.lastError?.code ?? '') &&
      j.occurrenceAt.getTime() > now.getTime(),
  );
  const moved = await mapLimit(held, JOB_WRITES_IN_FLIGHT, async (job) => {
    const resumed = await transitionJob(deps, {
      job,
      to: 'scheduled',
      actor,
      patch: { lastError: null, nextAttemptAt: job.occurrenceAt },
      decision: { reason: 'account_connected', accountId: account.id },
    });
    if (resumed) await deps.queue.enqueue(resumed.id, resumed.nextAttemptAt);
    return resumed;
  });
  return moved.filter(Boolean).length;
}
