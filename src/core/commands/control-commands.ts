import { HeraldError } from '../errors.js';
import { approvePost, rejectPost } from '../use-cases/approve-post.js';
import type { MoveResult } from '../use-cases/move-jobs.js';
import { publishNow, retryNow } from '../use-cases/publish-now.js';
import type { CommandHandler } from './context.js';

type Control = (
  deps: Parameters<CommandHandler>[0],
  input: {
    workspaceId: string;
    postId: string;
    actor: Parameters<CommandHandler>[1]['actor'];
    actorRoles?: string[];
  },
  rest: string,
) => Promise<MoveResult>;

/** `now|retry|approve|reject <post id>`: the controls of SPEC §5/§7, each a CAS on every job of the post. */
function control(verb: string, run: Control): CommandHandler {
  return async (deps, ctx, args) => {
    const postId = args[0]?.text;
    if (!postId)
      throw new HeraldError('VALIDATION_FAILED', 'Which post? Give its id.', { hint: `${verb} pst_…` });
    const rest = args
      .slice(1)
      .map((w) => w.text)
      .join(' ');
    const input = {
      workspaceId: ctx.workspace.id,
      postId,
      actor: ctx.actor,
      actorRoles: ctx.actorRoles ?? [],
    };
    const result = await run(deps, input, rest);
    const skipped = result.untouched.filter((j) => !result.moved.some((m) => m.id === j.id));
    return {
      title: `${verb} ${postId}: ${result.moved.length} job${result.moved.length === 1 ? '' : 's'} → ${result.moved[0]?.status ?? 'unchanged'}`,
      lines: skipped.map((j) => `${j.id} is ${j.status} and was left as it is`),
      public: true,
      postIds: [postId],
    };
  };
}

export const nowCommand = control('now', (deps, input) => publishNow(deps, input));
export const retryCommand = control('retry', (deps, input) => retryNow(deps, input));
export const approveCommand = control('approve', (deps, input) => approvePost(deps, input));
export const rejectCommand = control('reject', (deps, input, reason) =>
  rejectPost(deps, { ...input, ...(reason ? { reason } : {}) }),
);

/** `stats`: jobs by status in this workspace — the queue at a glance. */
export const statsCommand: CommandHandler = async (deps, ctx) => {
  const counts = await deps.jobs.countByStatus(ctx.workspace.id);
  const lines = Object.entries(counts)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([status, n]) => `${status.padEnd(18)} ${n}`);
  return { title: 'Jobs by status', lines: lines.length > 0 ? lines : ['no jobs yet'], public: false };
};
