import { approve, publishNowOp, reject, retry } from '../operations/decide.js';
import type { CommandHandler } from './command-spec.js';
import { idFrom, phraseOf } from './options.js';

/** `now|retry|approve <post id>`: the post controls, each a CAS on every job of the post. */
export const nowCommand: CommandHandler = async (deps, ctx, args) =>
  (await publishNowOp(deps, ctx, { postId: idFrom(args, 'now pst_…') })).reply;
export const retryCommand: CommandHandler = async (deps, ctx, args) =>
  (await retry(deps, ctx, { postId: idFrom(args, 'retry pst_…') })).reply;
export const approveCommand: CommandHandler = async (deps, ctx, args) =>
  (await approve(deps, ctx, { postId: idFrom(args, 'approve pst_…') })).reply;

/** `reject <post id> [reason]`. */
export const rejectCommand: CommandHandler = async (deps, ctx, args) =>
  (
    await reject(deps, ctx, {
      postId: idFrom(args, 'reject pst_… off-brand'),
      reason: phraseOf(args.slice(1)),
    })
  ).reply;
