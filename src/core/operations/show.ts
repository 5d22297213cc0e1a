import type { Badge } from '../cards/card.js';
import { readinessBadges } from '../cards/readiness.js';
import { isAhead } from '../domain/planned-time.js';
import type { PublishAttempt } from '../domain/types.js';
import { interpret } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { jobsOfPost, postOrNotFound } from '../use-cases/jobs-of-post.js';
import type { PostView } from '../use-cases/list-posts.js';
import type { OperationContext } from './context.js';
import { jobLine, shownStatus, whenText } from './describe.js';
import { seriesWhen } from './occurrence.js';
import type { Outcome } from './reply.js';

/** How many jobs `show` lists: the next ones to publish first, then the latest finished ones. */
const SHOWN_JOBS = 12;

/** `show`: one post — when it publishes, its rule and next occurrences, its jobs and every attempt. */
export async function show(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { postId: string },
): Promise<Outcome<PostView & { attempts: PublishAttempt[]; badges: Badge[] }>> {
  const post = await postOrNotFound(deps, ctx.workspace.id, req.postId);
  const [jobs, attempts, accounts] = await Promise.all([
    jobsOfPost(deps, post),
    deps.attempts.listByPost(ctx.workspace.id, post.id),
    deps.accounts.getMany(ctx.workspace.id, post.accountIds),
  ]);
  const now = deps.clock.now();
  const handle = (id: string) => accounts.find((a) => a.id === id)?.handle ?? id;
  const series = post.recurrence && post.status === 'active' ? interpret(seriesWhen(post), now).lines : [];
  const ahead = jobs.filter((j) => isAhead(j) || j.status === 'failed');
  const listed = [...ahead, ...jobs.filter((j) => !ahead.includes(j)).reverse()].slice(0, SHOWN_JOBS);
  const badges = readinessBadges({ post, jobs, accounts }, now);
  const lines = [
    `caption: ${post.caption}`,
    `time: ${whenText(post, jobs, now)}`,
    ...(badges.length > 0 ? [`readiness: ${badges.map((b) => b.text).join(' · ')}`] : []),
    ...(series.length > 0 ? ['repeats:', ...series.map((l) => `  ${l}`)] : []),
    ...listed.map((j) => jobLine(j, handle(j.accountId), post.timezone)),
    ...(jobs.length > listed.length
      ? [`… and ${jobs.length - listed.length} more jobs: GET /v1/jobs?postId=${post.id}`]
      : []),
    ...attempts
      .slice(-10)
      .map(
        (a) =>
          `  attempt ${a.attemptNumber} (${a.jobId}) ${a.startedAt.toISOString()}: ${a.result}${a.errorCode ? ` ${a.errorCode}` : ''}`,
      ),
  ];
  return {
    result: { post, jobs, accounts, attempts, badges },
    reply: {
      title: `Post ${post.id} (${shownStatus(post, jobs)})`,
      lines,
      public: false,
      postIds: [post.id],
    },
  };
}
