import type { Media, Post } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { editPost, staleVersion } from '../use-cases/edit-post.js';
import { postOrNotFound } from '../use-cases/jobs-of-post.js';
import { MAX_CAPTION_LENGTH } from '../use-cases/schedule-post.js';
import type { OperationContext } from './context.js';
import type { Outcome } from './reply.js';
import { reschedule } from './reschedule.js';

export interface EditRequest {
  postId: string;
  /** The version the editor read: a stale one is refused, so no edit silently overwrites another. */
  version: number;
  caption?: string | undefined;
  media?: Media[] | undefined;
  /** A new time, exactly as `reschedule` takes it. */
  when?: string | undefined;
  timezone?: string | undefined;
}

/**
 * Edits a post's caption, media or time. Everything is checked before anything is written: the
 * version, that the post keeps a caption or media, and the time (as a reschedule checks it).
 */
export async function edit(deps: CoreDeps, ctx: OperationContext, req: EditRequest): Promise<Outcome<Post>> {
  const post = await postOrNotFound(deps, ctx.workspace.id, req.postId);
  if (post.version !== req.version) throw staleVersion(post);
  checkContent(req.caption ?? post.caption, req.media ?? post.media);
  if (req.timezone !== undefined && req.when === undefined)
    throw new HeraldError('VALIDATION_FAILED', 'A time zone alone does not say when the post goes out.', {
      hint: 'Send "when" with it, e.g. {"when": "tomorrow 9am", "timezone": "Europe/Paris"}.',
    });
  const lines: string[] = [];
  if (req.when !== undefined) {
    const moved = await reschedule(deps, ctx, { postId: post.id, when: req.when, timezone: req.timezone });
    lines.push(...moved.reply.lines);
  }
  const updated = await editPost(deps, {
    workspaceId: ctx.workspace.id,
    postId: post.id,
    actor: ctx.actor,
    ...(req.caption !== undefined ? { caption: req.caption } : {}),
    ...(req.media ? { media: req.media } : {}),
  });
  return { result: updated, reply: { title: `Edited ${post.id}`, lines, public: true, postIds: [post.id] } };
}

function checkContent(caption: string, media: readonly Media[]): void {
  if (caption.trim().length === 0 && media.length === 0)
    throw new HeraldError('VALIDATION_FAILED', 'A post needs a caption or media.', {
      hint: 'Keep some text in "caption", or add a media URL.',
      details: { field: 'caption' },
    });
  if (caption.length > MAX_CAPTION_LENGTH)
    throw new HeraldError(
      'VALIDATION_FAILED',
      `The caption has ${caption.length} characters; the most is ${MAX_CAPTION_LENGTH}.`,
      {
        hint: 'Shorten it.',
        details: { field: 'caption' },
      },
    );
}
