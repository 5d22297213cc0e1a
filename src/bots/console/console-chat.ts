import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runCommand } from '../../core/commands/router.js';
import type { Workspace } from '../../core/domain/types.js';
import { HeraldError } from '../../core/errors.js';
import { replyText } from '../../core/operations/reply.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';
import { CONSOLE_ACTOR_ID } from './console-workspace.js';

export interface ConsoleChatOptions {
  deps: CoreDeps;
  workspace: Workspace;
  input: Readable;
  output: Writable;
  logger: Logger;
  /** Shown once at start. */
  banner?: string;
}

/**
 * `herald chat`: reads one command per line, runs it through the shared router, prints the
 * reply. Errors are rendered here (the console's single error mapper); unknown ones are logged.
 */
export function startConsoleChat(opts: ConsoleChatOptions): { close(): void; done: Promise<void> } {
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    prompt: 'herald › ',
    terminal: 'isTTY' in opts.output,
  });
  const print = (text: string) => opts.output.write(`${text}\n`);
  if (opts.banner) print(opts.banner);
  rl.prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (line.trim() === 'exit' || line.trim() === 'quit') return void rl.close();
      if (line.trim() !== '') print(await answer(opts, line));
      rl.prompt();
    });
  });
  const done = new Promise<void>((resolve) => rl.once('close', () => void queue.then(resolve)));
  return { close: () => rl.close(), done };
}

/** One command line → the text the console shows. */
export async function answer(
  opts: Pick<ConsoleChatOptions, 'deps' | 'workspace' | 'logger'>,
  line: string,
): Promise<string> {
  const actor = { kind: 'console' as const, id: CONSOLE_ACTOR_ID };
  try {
    return replyText(await runCommand(opts.deps, { workspace: opts.workspace, actor }, line));
  } catch (error) {
    if (error instanceof HeraldError)
      return `✗ ${error.message}${error.hint ? `\n  try: ${error.hint}` : ''}  [${error.code}]`;
    opts.logger.error({ err: error, line }, 'console command failed');
    return '✗ Something went wrong on our side; the details are in the log.  [INTERNAL]';
  }
}
