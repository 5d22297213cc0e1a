import { HeraldError } from '../errors.js';
import type { OperationContext } from '../operations/context.js';
import * as ops from '../operations/index.js';
import type { Draft } from '../ports/draft-store.js';
import type { CoreDeps } from '../use-cases/deps.js';
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
  /** `target`: the post, or one occurrence's job of a series (its card's Reschedule). */
  | { kind: 'ask_time'; target: string; current: string }
  | { kind: 'compose'; draft: Draft }
  /** Something for the presser's eyes only (a Reconnect link); the card stays as it is. */
  | { kind: 'private'; message: string };

/**
 * Runs one card button for the person who pressed it: each button is one operation. The target
 * id is untrusted: every operation reads it inside `ctx.workspace` (a foreign id is "not found"),
 * and every effect is a conditional update, so a replayed or concurrent press changes nothing a
 * second time.
 */
export async function runCardAction(
  deps: CoreDeps,
  ctx: OperationContext,
  action: { id: CardActionId; target: string },
): Promise<ActionOutcome> {
  return refusing(() => dispatch(deps, ctx, action));
}

async function dispatch(
  deps: CoreDeps,
  ctx: OperationContext,
  { id, target }: { id: CardActionId; target: string },
): Promise<ActionOutcome> {
  switch (id) {
    case 'confirm':
      return settled(deps, ctx, (await ops.confirmSchedule(deps, ctx, target)).result.post.id, 'Scheduled');
    case 'discard': {
      const { reply } = await ops.discardSchedule(deps, ctx, target);
      return {
        kind: 'card',
        card: { title: reply.title, lines: [], fields: [], badges: [], actions: [], tone: 'warning' },
      };
    }
    case 'edit':
      return { kind: 'compose', draft: await ops.openSchedule(deps, ctx, target) };
    case 'reconnect': {
      const { reply } = await ops.connectLink(deps, ctx, { account: target });
      return { kind: 'private', message: [reply.title, ...reply.lines].join('\n') };
    }
    case 'edit_time':
    case 'reschedule': {
      const form = await ops.timeFormTarget(deps, ctx, target);
      return { kind: 'ask_time', target: form.occurrence ?? form.postId, current: form.current };
    }
  }
  const { postId, jobIds } = await postOf(deps, ctx, target);
  const request = { postId, ...(jobIds ? { jobIds } : {}) };
  switch (id) {
    case 'approve':
      await ops.approve(deps, ctx, request);
      return settled(deps, ctx, postId, 'Approved');
    case 'reject':
      await ops.assertMayDecide(deps, ctx, postId);
      return { kind: 'ask_reason', postId };
    case 'publish_now':
      await ops.publishNow(deps, ctx, request);
      return settled(deps, ctx, postId, 'Publish now requested');
    case 'retry':
      await ops.retry(deps, ctx, request);
      return settled(deps, ctx, postId, 'Retry requested');
    case 'cancel':
      await ops.cancel(deps, ctx, request);
      return settled(deps, ctx, postId, 'Cancelled');
    case 'accept_pick':
      await ops.acceptPick(deps, ctx, { postId });
      return settled(deps, ctx, postId, 'Publishing');
    case 'pick_next':
    case 'pick_never': {
      await ops.swapPick(deps, ctx, { postId, never: id === 'pick_never' });
      const view = await viewOf(deps, ctx.workspace.id, postId);
      if (!view) return { kind: 'refused', message: `Post ${postId} is gone.` };
      return { kind: 'card', card: postCard(view, { kind: 'suggestion' }, deps.clock.now()) };
    }
  }
}

/** The reject form's submission: the reason is kept on the jobs and in the audit row. */
export async function submitRejection(
  deps: CoreDeps,
  ctx: OperationContext,
  postId: string,
  reason: string,
): Promise<ActionOutcome> {
  return refusing(async () => {
    await ops.reject(deps, ctx, { postId, reason });
    return settled(deps, ctx, postId, 'Rejected', reason.trim() || undefined);
  });
}

/**
 * The time form's submission: the reschedule operation on the post, or on the occurrence a job
 * id names. It throws what it refuses, so a form can show it on its field.
 */
export async function submitNewTime(
  deps: CoreDeps,
  ctx: OperationContext,
  target: string,
  phrase: string,
): Promise<ActionOutcome> {
  const { postId } = await postOf(deps, ctx, target);
  const occurrence = target.startsWith('job_') ? target : undefined;
  await ops.reschedule(deps, ctx, { postId, when: phrase, ...(occurrence ? { occurrence } : {}) });
  return settled(deps, ctx, postId, 'Rescheduled');
}

/** The message a chat user sees for a refused press or command: what was wrong, then how to fix it. */
export function refusalText(error: HeraldError): string {
  return `${error.message}${error.hint ? ` Try: ${error.hint}` : ''}`;
}

async function refusing(run: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HeraldError && error.code !== 'INTERNAL')
      return { kind: 'refused', message: refusalText(error) };
    throw error;
  }
}

async function settled(
  deps: CoreDeps,
  ctx: OperationContext,
  postId: string,
  verb: string,
  note?: string,
): Promise<ActionOutcome> {
  const view = await viewOf(deps, ctx.workspace.id, postId);
  if (!view) return { kind: 'refused', message: `Post ${postId} is gone.` };
  const card = postCard(view, { kind: 'status' }, deps.clock.now());
  return { kind: 'card', card: decidedCard(card, verb, ctx.actor, deps.clock.now(), note) };
}

/** A button acts on a post, or on one job of it (an alert card is about one occurrence, one account). */
async function postOf(
  deps: CoreDeps,
  ctx: OperationContext,
  target: string,
): Promise<{ postId: string; jobIds?: string[] }> {
  if (!target.startsWith('job_')) return { postId: target };
  const job = await deps.jobs.get(ctx.workspace.id, target);
  if (!job)
    throw new HeraldError('NOT_FOUND', `No job with id "${target}" in this workspace.`, {
      hint: 'Check the id with `list`.',
    });
  return { postId: job.postId, jobIds: [job.id] };
}
