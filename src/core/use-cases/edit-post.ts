import type { Actor, Media, Post } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CoreDeps } from './deps.js';
import { jobsOfPost, postOrNotFound } from './jobs-of-post.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'campaigns' | 'audit' | 'ids' | 'clock'>;

interface EditPostInput {
  workspaceId: string;
  postId: string;
  actor: Actor;
  caption?: string;
  media?: Media[];
}

/**
 * Changes a post's caption or media (compare-and-set on its version). In an approval campaign a
 * content change withdraws the approval: approved jobs go back to awaiting_approval.
 */
export async function editPost(deps: Deps, input: EditPostInput): Promise<Post> {
  const post = await postOrNotFound(deps, input.workspaceId, input.postId);
  const content = {
    ...(input.caption !== undefined ? { caption: input.caption } : {}),
    ...(input.media ? { media: input.media } : {}),
  };
  if (Object.keys(content).length === 0) return post;
  const updated = await deps.posts.update(input.workspaceId, post.id, post.version, {
    ...content,
    updatedAt: deps.clock.now(),
  });
  if (!updated) throw staleVersion(post);
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

/** An edit based on a version someone else has since changed. */
export function staleVersion(post: Post): HeraldError {
  return new HeraldError(
    'VERSION_CONFLICT',
    `Post ${post.id} is at version ${post.version}; your edit was based on an older one.`,
    {
      hint: 'Read the post again, then resend your change with its current version.',
      details: { currentVersion: post.version },
    },
  );
}
