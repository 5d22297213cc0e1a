import { plannedTime } from '../domain/planned-time.js';
import { formatWall, instantToWall } from '../domain/time.js';
import type { Post, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';

/**
 * Writes a post's planned time back from its jobs after an operation moved some of them, so no
 * operation can leave the post showing a time its jobs no longer have. `jobs` when the caller
 * just read them all; otherwise they are read here. A series keeps the wall time its rule counts
 * from (`recurrence.start`) apart from this planned time. Returns the post as stored.
 */
export async function syncPostTime(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'clock'>,
  post: Post,
  jobs?: readonly PublishJob[],
): Promise<Post> {
  const all = jobs ?? (await deps.jobs.listByPost(post.workspaceId, post.id));
  const at = plannedTime(post, all);
  if (at.getTime() === post.scheduledAt.getTime()) return post;
  const patch: Partial<Post> = {
    scheduledAt: at,
    localTime: formatWall(instantToWall(at, post.timezone)),
    updatedAt: deps.clock.now(),
    ...(post.recurrence && !post.recurrence.start
      ? { recurrence: { ...post.recurrence, start: post.localTime } }
      : {}),
  };
  // Guarded by status, not version: whatever else changed meanwhile, this is derived data.
  const updated = await deps.posts.update(post.workspaceId, post.id, { status: post.status }, patch);
  return updated ?? { ...post, ...patch };
}
