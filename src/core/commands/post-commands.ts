import { HeraldError, notFound } from '../errors.js';
import { interpret, parseReschedule } from '../language/index.js';
import { cancelPost } from '../use-cases/cancel-post.js';
import { jobsOfPost } from '../use-cases/jobs-of-post.js';
import { listPosts } from '../use-cases/list-posts.js';
import { reschedulePost } from '../use-cases/reschedule-post.js';
import type { CommandHandler } from './context.js';
import { jobLine, postLine } from './render.js';
import { whenFields } from './schedule-command.js';

function postIdFrom(args: { text: string }[], usage: string): string {
  const id = args[0]?.text;
  if (!id) throw new HeraldError('VALIDATION_FAILED', 'Which post? Give its id.', { hint: usage });
  return id;
}

/** `list`: the workspace's posts in time order with their state. */
export const listCommand: CommandHandler = async (deps, ctx) => {
  const page = await listPosts(deps, { workspaceId: ctx.workspace.id, limit: 50 });
  if (page.items.length === 0)
    return { title: 'No posts yet.', lines: ['Try: schedule @demo "Hello" in 1 minute'], public: false };
  const more = page.nextCursor ? ['… more posts exist; the REST API pages through all of them.'] : [];
  return {
    title: `${page.items.length} post${page.items.length === 1 ? '' : 's'}`,
    lines: [...page.items.map(postLine), ...more],
    public: false,
    postIds: page.items.map((v) => v.post.id),
  };
};

/** `show <id>`: one post with each job and every attempt. */
export const showCommand: CommandHandler = async (deps, ctx, args) => {
  const id = postIdFrom(args, 'show pst_…');
  const post = await deps.posts.get(ctx.workspace.id, id);
  if (!post) throw notFound('post', id);
  const [jobs, attempts, accounts] = await Promise.all([
    jobsOfPost(deps, post),
    deps.attempts.listByPost(ctx.workspace.id, id),
    deps.accounts.getMany(ctx.workspace.id, post.accountIds),
  ]);
  const handle = (accountId: string) => accounts.find((a) => a.id === accountId)?.handle ?? accountId;
  const lines = [
    `caption: ${post.caption}`,
    `time: ${post.localTime.replace('T', ' ')} ${post.timezone} (${post.scheduledAt.toISOString()})${post.recurrence ? `, repeats ${post.recurrence.rrule}` : ''}`,
    ...jobs.map((j) => jobLine(j, handle(j.accountId))),
    ...attempts.map(
      (a) =>
        `  attempt ${a.attemptNumber} (${a.jobId}) ${a.startedAt.toISOString()}: ${a.result}${a.errorCode ? ` ${a.errorCode}` : ''}`,
    ),
  ];
  return { title: `Post ${post.id} (${post.status})`, lines, public: false, postIds: [post.id] };
};

/** `cancel <id>`: stops every job that has not started publishing. */
export const cancelCommand: CommandHandler = async (deps, ctx, args) => {
  const id = postIdFrom(args, 'cancel pst_…');
  const result = await cancelPost(deps, { workspaceId: ctx.workspace.id, postId: id, actor: ctx.actor });
  const kept = result.untouched
    .filter((j) => j.status !== 'cancelled')
    .map((j) => `${j.id} is ${j.status} and was left as it is`);
  return {
    title: `Cancelled ${result.cancelled.length} job${result.cancelled.length === 1 ? '' : 's'} of ${id}`,
    lines: kept,
    public: true,
    postIds: [id],
  };
};

/** `reschedule <id> <when>`: any time form, or a shift like +1h / -30m from the current time. */
export const rescheduleCommand: CommandHandler = async (deps, ctx, args) => {
  const id = postIdFrom(args, 'reschedule pst_… +1h');
  const post = await deps.posts.get(ctx.workspace.id, id);
  if (!post) throw notFound('post', id);
  const phrase = args
    .slice(1)
    .map((w) => w.text)
    .join(' ');
  const parsed = parseReschedule(phrase, {
    now: deps.clock.now(),
    zone: post.timezone,
    current: post.scheduledAt,
  });
  if (!parsed.ok) throw new HeraldError(parsed.error.code, parsed.error.message, { hint: parsed.error.hint });
  const fields = whenFields(parsed.value);
  const result = await reschedulePost(deps, {
    workspaceId: ctx.workspace.id,
    postId: id,
    actor: ctx.actor,
    ...fields,
    loaded: { post },
  });
  const interpretation = interpret(parsed.value, deps.clock.now());
  return {
    title: `Rescheduled ${id} (${result.moved.length} job${result.moved.length === 1 ? '' : 's'})`,
    lines: interpretation.lines,
    public: true,
    interpretation,
    postIds: [id],
  };
};

/** `accounts`: what can be posted to, with each account's zone. */
export const accountsCommand: CommandHandler = async (deps, ctx) => {
  const accounts = await deps.accounts.list(ctx.workspace.id);
  const lines = accounts.map((a) => {
    const token = a.tokenExpiresAt ? ` · token expires ${a.tokenExpiresAt.toISOString().slice(0, 10)}` : '';
    return `@${a.handle} (${a.platform}) · ${a.timezone}${token}`;
  });
  return { title: `${accounts.length} account${accounts.length === 1 ? '' : 's'}`, lines, public: false };
};
