import type { OperationContext } from '../operations/context.js';
import type { Reply } from '../operations/reply.js';
import type { CoreDeps } from '../use-cases/deps.js';
import type { Word } from './tokenize.js';

/** A chat command: reads its words into an operation's input, runs it, answers with its reply. */
export type CommandHandler = (deps: CoreDeps, ctx: OperationContext, args: Word[]) => Promise<Reply>;

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  example: string;
  run: CommandHandler;
}
