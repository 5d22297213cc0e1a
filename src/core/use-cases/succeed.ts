import type { PublishJob } from '../domain/types.js';
import type { PublishResult } from '../ports/publisher.js';
import type { CoreDeps } from './deps.js';
import { notifySafely } from './notify.js';
import type { PublishRun } from './publish-run.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Pick<CoreDeps, 'attempts' | 'jobs' | 'audit' | 'ids' | 'clock' | 'notifier'>;

/** Records success on the attempt and the job; also used when a lookup finds the post already there. */
export async function succeed(
  deps: Deps,
  job: PublishJob,
  attemptId: string | undefined,
  result: PublishResult,
): Promise<PublishRun> {
  const now = deps.clock.now();
  if (attemptId) {
    await deps.attempts.complete(attemptId, {
      result: 'success',
      finishedAt: now,
      platformPostId: result.platformPostId,
      platformUrl: result.url,
      platformRequestId: result.requestId,
    });
  }
  const published = await transitionJob(deps, {
    job,
    to: 'published',
    actor: SYSTEM_ACTOR,
    patch: {
      lease: null,
      lastError: null,
      publishedAt: now,
      platformPostId: result.platformPostId,
      platformUrl: result.url ?? null,
    },
  });
  if (published) await notifySafely(deps, published.workspaceId, { type: 'published', job: published });
  return { outcome: 'published', job: published ?? job };
}
