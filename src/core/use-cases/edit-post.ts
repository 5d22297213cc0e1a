import type { Actor, Media, Post } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { CoreDeps } from './deps.js';
import { jobsOfPost } from './jobs-of-post.js';
import { type RescheduleInput, reschedulePost } from './reschedule-post.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'campaigns' | 'audit' | 'ids' | 'clock' | 'queue' | 'notifier'>;

export interface EditPostInput {
  workspaceId: string;
  postId: string;
  actor: Actor;
  /** The version the editor read: a stale one is refused, so no edit silently overwrites another. */
  version: number;
  caption?: string;
  media?: Media[];
  time?: Pick<RescheduleInput, 'scheduledAt' | 'timezone' | 'localTime'>;
}

/**
 * Edits a post's caption, media or time (optimistic concurrency on its version). In an approval
 * campaign a content change withdraws the approval: approved jobs go back to awaiting_approval.
 */
export async function editPost(deps: Deps, input: EditPostInput): Promise<Post> {
  const post = await deps.posts.get(input.workspaceId, input.postId);
  if (!post) throw notFound('post', input.postId);
  if (post.version !== input.version) throw stale(post);
  if (input.time)
    await reschedulePost(deps, {
      workspaceId: input.workspaceId,
      postId: post.id,
      actor: input.actor,
      ...input.time,
    });
  const content = {
    ...(input.caption !== undefined ? { caption: input.caption } : {}),
    ...(input.media ? { media: input.media } : {}),
  };
  if (Object.keys(content).length === 0) return (await deps.posts.get(input.workspaceId, post.id)) ?? post;
  const current = (await deps.posts.get(input.workspaceId, post.id)) ?? post;
  const updated = await deps.posts.update(input.workspaceId, post.id, current.version, {
    ...content,
    updatedAt: deps.clock.now(),
  });
  if (!updated) throw stale(current);
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: deps.clock.now(),
    actor: input.actor,
    action: 'post.edited',
    subject: { type: 'post', id: post.id },
    before: { caption: post.caption, media: post.media.length },
    after: { caption: updated.caption, media: updated.media.length },
  });
  await withdrawApprovals(deps, updated);
  return updated;
}

async function withdrawApprovals(deps: Deps, post: Post): Promise<void> {
  const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
  if (campaign?.mode !== 'approval') return;
  for (const job of await jobsOfPost(deps, post)) {
    if (job.status !== 'scheduled') continue;
    await transitionJob(deps, {
      job,
      to: 'awaiting_approval',
      actor: SYSTEM_ACTOR,
      patch: { approval: null },
      decision: { reason: 'content_edited' },
    });
  }
}

function stale(post: Post): HeraldError {
  return new HeraldError(
    'VERSION_CONFLICT',
    `Post ${post.id} is at version ${post.version}; your edit was based on an older one.`,
    {
      hint: 'Read the post again, then resend your change with its current version.',
      details: { currentVersion: post.version },
    },
  );
}
