import type { Actor } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { Draft } from '../ports/draft-store.js';
import type { CoreDeps } from './deps.js';
import {
  previewSchedule,
  type ScheduleDeps,
  type ScheduleInput,
  type ScheduleResult,
  schedulePost,
} from './schedule-post.js';

/** How long a draft waits for Confirm before it must be typed again. */
const DRAFT_TTL_MS = 60 * 60_000;

type Deps = ScheduleDeps & Pick<CoreDeps, 'notices' | 'drafts'>;

/** Checks a schedule command as if it were confirmed, and keeps it as a draft until it is. */
export async function saveDraft(deps: Deps, input: ScheduleInput, text: string): Promise<Draft> {
  await previewSchedule(deps, input);
  const now = deps.clock.now();
  const draft: Draft = {
    id: deps.ids.next('drf'),
    workspaceId: input.workspaceId,
    actor: input.actor,
    input,
    text,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DRAFT_TTL_MS),
  };
  await deps.drafts.save(draft);
  return draft;
}

/** The author's own, unexpired draft — anyone else's press is refused without a change. */
export async function openDraft(
  deps: Pick<Deps, 'drafts' | 'clock'>,
  input: { workspaceId: string; draftId: string; actor: Actor },
): Promise<Draft> {
  const draft = await deps.drafts.get(input.workspaceId, input.draftId);
  if (!draft) throw notFound('draft', input.draftId);
  if (draft.actor.kind !== input.actor.kind || draft.actor.id !== input.actor.id)
    throw new HeraldError('FORBIDDEN', 'Only the person who typed this command can confirm or change it.');
  if (draft.expiresAt.getTime() < deps.clock.now().getTime())
    throw new HeraldError('VALIDATION_FAILED', 'This draft expired after an hour without a confirm.', {
      hint: 'Type the schedule command again.',
    });
  return draft;
}

/**
 * Turns a draft into a post, exactly once: the checks run again (time may have passed, a
 * conflicting post may have appeared), then a one-time notice decides which press creates it.
 */
export async function confirmDraft(
  deps: Deps,
  input: { workspaceId: string; draftId: string; actor: Actor },
): Promise<ScheduleResult> {
  const draft = await openDraft(deps, input);
  await previewSchedule(deps, draft.input);
  await claim(deps, draft.id);
  return schedulePost(deps, { ...draft.input, draftId: draft.id });
}

/** Drops a draft: later presses of its Confirm are refused. */
export async function discardDraft(
  deps: Pick<Deps, 'drafts' | 'clock' | 'notices'>,
  input: { workspaceId: string; draftId: string; actor: Actor },
): Promise<Draft> {
  const draft = await openDraft(deps, input);
  await claim(deps, draft.id);
  return draft;
}

async function claim(deps: Pick<Deps, 'notices' | 'clock'>, draftId: string): Promise<void> {
  if (!(await deps.notices.firstTime(`draft:${draftId}`, deps.clock.now())))
    throw new HeraldError('INVALID_TRANSITION', 'This draft was already confirmed or cancelled.', {
      hint: 'See it with `list`.',
    });
}
