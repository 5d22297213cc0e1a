import { isAhead } from '../domain/planned-time.js';
import { checkApprover } from '../domain/policy.js';
import type { Actor, Post } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';
import { withAuditBatch } from './audit-batch.js';
import { markStopped } from './cancel-post.js';
import type { CoreDeps } from './deps.js';
import { type MoveResult, moveJobsOfPost } from './move-jobs.js';
import { announceDecision } from './notify.js';

export interface DecisionInput {
  workspaceId: string;
  postId: string;
  actor: Actor;
  /** Groups/roles the surface says the actor holds right now (Slack user groups, Discord roles). */
  actorRoles?: string[];
  /** Act on these jobs of the post only (an alert card is about one job); all when absent. */
  jobIds?: string[];
  /** The card the decision is made on (a press or its form): its surface updates it itself. */
  madeOn?: CardMessageRef | undefined;
}

type Deps = Pick<
  CoreDeps,
  'posts' | 'jobs' | 'campaigns' | 'audit' | 'writes' | 'ids' | 'clock' | 'queue' | 'notifier'
>;

/**
 * Approves every job of a post that awaits approval: awaiting_approval → scheduled, with the
 * approval on record (preflight requires it). Refusals are audited. The CAS on each job makes
 * 50 concurrent clicks produce exactly one decision.
 */
export async function approvePost(deps: Deps, input: DecisionInput): Promise<MoveResult> {
  const now = deps.clock.now();
  const result = await moveJobsOfPost(
    deps,
    {
      ...input,
      from: ['awaiting_approval'],
      to: 'scheduled',
      verb: 'approve',
      patch: () => ({ approval: { by: input.actor, at: now } }),
      decision: { approver: input.actor.id },
    },
    (post) => guardApprover(deps, post, input),
  );
  for (const job of result.moved)
    await deps.queue.enqueue(job.id, job.nextAttemptAt.getTime() > now.getTime() ? job.nextAttemptAt : now);
  announce(deps, result, input, { decision: 'approved', by: input.actor });
  return result;
}

/**
 * Rejects a post awaiting approval: its jobs are cancelled with the reason kept as the last
 * error, and the post (a series too) is stopped once nothing is left ahead of it.
 */
export async function rejectPost(
  deps: Deps,
  input: DecisionInput & { reason?: string },
): Promise<MoveResult> {
  const message = input.reason?.trim() ? input.reason.trim().slice(0, 500) : 'Rejected without a reason.';
  const result = await moveJobsOfPost(
    deps,
    {
      ...input,
      from: ['awaiting_approval'],
      to: 'cancelled',
      verb: 'reject',
      patch: () => ({ lastError: { code: 'rejected', message } }),
      decision: { approver: input.actor.id, reason: message },
    },
    (post) => guardApprover(deps, post, input),
  );
  const post = result.untouched.some(isAhead)
    ? result.post
    : await withAuditBatch(deps, (d, batch) => markStopped(d, batch, input, 'post.rejected'));
  announce(deps, { ...result, post }, input, { decision: 'rejected', by: input.actor, reason: message });
  return { ...result, post };
}

/** Announces an approval or rejection; only when something moved: a repeated decision changes nothing. */
function announce(
  deps: Pick<CoreDeps, 'notifier'>,
  result: MoveResult,
  input: DecisionInput,
  decision: { decision: 'approved' | 'rejected'; by: Actor; reason?: string },
): void {
  if (result.moved.length > 0) announceDecision(deps, result.post, decision, input.madeOn);
}

/** Refuses anyone but an allowed approver, politely, and leaves an audit row either way. */
export async function guardApprover(
  deps: Pick<CoreDeps, 'campaigns' | 'audit' | 'ids' | 'clock'>,
  post: Post,
  input: DecisionInput,
): Promise<void> {
  const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
  const verdict = checkApprover(campaign, post, input.actor, input.actorRoles);
  if (verdict.ok) return;
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: deps.clock.now(),
    actor: input.actor,
    action: 'post.decision_refused',
    subject: { type: 'post', id: post.id },
    decision: {
      reason: verdict.reason,
      policyMode: campaign?.mode,
      fourEyes: campaign?.fourEyes,
      roles: input.actorRoles ?? [],
    },
  });
  throw new HeraldError('FORBIDDEN', verdict.message, { details: { reason: verdict.reason } });
}
