import type { CommandContext } from '../commands/context.js';
import { formatWall, instantToWall } from '../domain/time.js';
import { HeraldError, notFound } from '../errors.js';
import { parseReschedule, type When } from '../language/index.js';
import type { Draft } from '../ports/draft-store.js';
import { approvePost, guardApprover, rejectPost } from '../use-cases/approve-post.js';
import { cancelPost } from '../use-cases/cancel-post.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { confirmDraft, discardDraft, openDraft } from '../use-cases/drafts.js';
import { publishNow, retryNow } from '../use-cases/publish-now.js';
import { reschedulePost } from '../use-cases/reschedule-post.js';
import type { Card, CardActionId } from './card.js';
import { decidedCard, postCard } from './cards.js';
import { viewOf } from './notice-card.js';

/**
 * What a button press leads to, whatever the surface: a new card in place of the old one, a
 * refusal only the presser sees (the card stays), or a form to ask for more (a reject reason,
 * a new time, the compose form for a draft).
 */
export type ActionOutcome =
  | { kind: 'card'; card: Card }
  | { kind: 'refused'; message: string }
  | { kind: 'ask_reason'; postId: string }
  /** `target`: the post, or one occurrence's job of a series (its alert's Reschedule). */
  | { kind: 'ask_time'; target: string; current: string }
  | { kind: 'compose'; draft: Draft };

/**
 * Runs one card button for the person who pressed it. The target id is untrusted: every use
 * case reads it inside `ctx.workspace` (a foreign id is "not found"), and every effect is a
 * conditional update, so a replayed or concurrent press changes nothing a second time.
 */
export async function runCardAction(
  deps: CoreDeps,
  ctx: CommandContext,
  action: { id: CardActionId; target: string },
): Promise<ActionOutcome> {
  try {
    return await dispatch(deps, ctx, action);
  } catch (error) {
    if (error instanceof HeraldError && error.code !== 'INTERNAL')
      return { kind: 'refused', message: refusalText(error) };
    throw error;
  }
}

async function dispatch(
  deps: CoreDeps,
  ctx: CommandContext,
  action: { id: CardActionId; target: string },
): Promise<ActionOutcome> {
  const base = { workspaceId: ctx.workspace.id, actor: ctx.actor };
  const { postId, jobIds } = await resolveTarget(deps, ctx, action.target);
  const post = {
    ...base,
    postId,
    actorRoles: ctx.actorRoles ?? [],
    ...(jobIds ? { jobIds } : {}),
    ...(ctx.card ? { madeOn: ctx.card } : {}),
  };
  switch (action.id) {
    case 'confirm': {
      const result = await confirmDraft(deps, { ...base, draftId: action.target });
      return settled(deps, ctx, result.post.id, 'Scheduled');
    }
    case 'discard': {
      await discardDraft(deps, { ...base, draftId: action.target });
      return {
        kind: 'card',
        card: {
          title: 'Cancelled — nothing was scheduled.',
          lines: [],
          fields: [],
          badges: [],
          actions: [],
          tone: 'warning',
        },
      };
    }
    case 'edit':
      return { kind: 'compose', draft: await openDraft(deps, { ...base, draftId: action.target }) };
    case 'approve':
      await approvePost(deps, post);
      return settled(deps, ctx, postId, 'Approved');
    case 'reject':
      // Refuse a non-approver before asking for a reason they could never submit.
      await guardApprover(deps, await assertPost(deps, ctx, postId), post);
      return { kind: 'ask_reason', postId };
    case 'edit_time':
    case 'reschedule': {
      const { post: found, occurrence } = await timeTarget(deps, ctx, action.target);
      const local = occurrence
        ? formatWall(instantToWall(occurrence.nextAttemptAt, found.timezone))
        : found.localTime;
      return {
        kind: 'ask_time',
        target: occurrence ? occurrence.id : postId,
        current: `${local.replace('T', ' ')} ${found.timezone}`,
      };
    }
    case 'publish_now':
      await publishNow(deps, post);
      return settled(deps, ctx, postId, 'Publish now requested');
    case 'retry':
      await retryNow(deps, post);
      return settled(deps, ctx, postId, 'Retry requested');
    case 'cancel':
      await cancelPost(deps, post);
      return settled(deps, ctx, postId, 'Cancelled');
  }
}

/** The reject form's submission: the reason is kept on the jobs and in the audit row. */
export async function submitRejection(
  deps: CoreDeps,
  ctx: CommandContext,
  postId: string,
  reason: string,
): Promise<ActionOutcome> {
  try {
    await rejectPost(deps, {
      workspaceId: ctx.workspace.id,
      postId,
      actor: ctx.actor,
      actorRoles: ctx.actorRoles ?? [],
      reason,
      ...(ctx.card ? { madeOn: ctx.card } : {}),
    });
    return await settled(deps, ctx, postId, 'Rejected', reason.trim() || undefined);
  } catch (error) {
    if (error instanceof HeraldError && error.code !== 'INTERNAL')
      return { kind: 'refused', message: refusalText(error) };
    throw error;
  }
}

/**
 * The time form's submission. A phrase Herald cannot read throws, so the surface can show the
 * error on the field; a state refusal comes back as `refused`.
 */
export async function submitNewTime(
  deps: CoreDeps,
  ctx: CommandContext,
  target: string,
  phrase: string,
): Promise<ActionOutcome> {
  return applyNewTime(deps, ctx, target, await readNewTime(deps, ctx, target, phrase));
}

/**
 * Reads the time form without writing: throws a HeraldError for a phrase it cannot use. A
 * relative phrase ("+1h") counts from the post's time, or from the occurrence's for one job of a series.
 */
export async function readNewTime(
  deps: CoreDeps,
  ctx: CommandContext,
  target: string,
  phrase: string,
): Promise<When> {
  const { post: current, occurrence } = await timeTarget(deps, ctx, target);
  const now = deps.clock.now();
  const from = occurrence?.nextAttemptAt ?? current.scheduledAt;
  const parsed = parseReschedule(phrase, { now, zone: current.timezone, current: from });
  if (!parsed.ok) throw new HeraldError(parsed.error.code, parsed.error.message, { hint: parsed.error.hint });
  if (parsed.value.instant.getTime() < now.getTime() - 1000)
    throw new HeraldError('TIME_IN_PAST', `${parsed.value.instant.toISOString()} is in the past.`, {
      hint: 'Pick a future time, e.g. "+1h" or "tomorrow 9am".',
    });
  return parsed.value;
}

/** Moves the post to a time already read by `readNewTime`; refusals come back as `refused`. */
export async function applyNewTime(
  deps: CoreDeps,
  ctx: CommandContext,
  target: string,
  when: When,
): Promise<ActionOutcome> {
  try {
    const { postId, jobIds } = await resolveTarget(deps, ctx, target);
    await reschedulePost(deps, {
      workspaceId: ctx.workspace.id,
      postId,
      actor: ctx.actor,
      scheduledAt: when.instant,
      timezone: when.zone,
      localTime: when.local,
      ...(jobIds ? { jobIds } : {}),
    });
    return await settled(deps, ctx, postId, 'Rescheduled');
  } catch (error) {
    if (error instanceof HeraldError && error.code !== 'INTERNAL')
      return { kind: 'refused', message: refusalText(error) };
    throw error;
  }
}

/** The message a chat user sees for a refused press or command: what was wrong, then how to fix it. */
export function refusalText(error: HeraldError): string {
  return `${error.message}${error.hint ? ` Try: ${error.hint}` : ''}`;
}

async function settled(
  deps: CoreDeps,
  ctx: CommandContext,
  postId: string,
  verb: string,
  note?: string,
): Promise<ActionOutcome> {
  const view = await viewOf(deps, ctx.workspace.id, postId);
  if (!view) throw notFound('post', postId);
  const card = postCard(view, { kind: 'status' }, deps.clock.now());
  return { kind: 'card', card: decidedCard(card, verb, ctx.actor, deps.clock.now(), note) };
}

/**
 * A button acts on a post, or on one job of it (alert cards: one occurrence, one account).
 * Either id is read inside the presser's workspace, so a foreign id is "not found".
 */
async function resolveTarget(
  deps: CoreDeps,
  ctx: CommandContext,
  target: string,
): Promise<{ postId: string; jobIds?: string[] }> {
  if (!target.startsWith('job_')) return { postId: target };
  const job = await deps.jobs.get(ctx.workspace.id, target);
  if (!job) throw notFound('job', target);
  return { postId: job.postId, jobIds: [job.id] };
}

/**
 * What a time form moves: the post, or, when the target is one job of a series, that occurrence
 * alone (a one-off post moves as a whole: it has one time).
 */
async function timeTarget(deps: CoreDeps, ctx: CommandContext, target: string) {
  const { postId, jobIds } = await resolveTarget(deps, ctx, target);
  const post = await assertPost(deps, ctx, postId);
  const occurrence =
    post.recurrence && jobIds ? await deps.jobs.get(ctx.workspace.id, jobIds[0] as string) : null;
  return { post, occurrence };
}

async function assertPost(deps: CoreDeps, ctx: CommandContext, postId: string) {
  const post = await deps.posts.get(ctx.workspace.id, postId);
  if (!post) throw notFound('post', postId);
  return post;
}
