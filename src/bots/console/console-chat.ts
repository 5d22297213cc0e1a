import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runCommand } from '../../core/commands/router.js';
import type { Workspace } from '../../core/domain/types.js';
import { HeraldError } from '../../core/errors.js';
import { replyText } from '../../core/operations/reply.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';
import { CONSOLE_ACTOR_ID } from './console-workspace.js';

interface ConsoleChatOptions {
  deps: CoreDeps;
  workspace: Workspace;
  input: Readable;
  output: Writable;
  logger: Logger;
  /** Shown once at start. */
  banner?: string;
}

export interface ConsoleChat {
  close(): void;
  /** Settles when the person leaves (`exit`, Ctrl-D) and the last command has answered. */
  done: Promise<void>;
  /**
   * Shows text that did not come from a command (a publish result, a warning) on lines of its
   * own: above the prompt and what is being typed, which are drawn again below it.
   */
  print(text: string): void;
}

/**
 * `herald chat`: reads one command per line, runs it through the shared router, prints the
 * reply. Errors are rendered here (the console's single error mapper); unknown ones are logged.
 */
export function startConsoleChat(opts: ConsoleChatOptions): ConsoleChat {
  const terminal = 'isTTY' in opts.output;
  const rl = createInterface({ input: opts.input, output: opts.output, prompt: 'herald › ', terminal });
  const write = (text: string) => opts.output.write(`${text}\n`);
  // Whether the prompt is on screen, waiting for a line (not while a command runs).
  let prompting = false;
  const prompt = () => {
    prompting = true;
    rl.prompt();
  };
  if (opts.banner) write(opts.banner);
  prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    prompting = false;
    queue = queue.then(async () => {
      if (line.trim() === 'exit' || line.trim() === 'quit') return void rl.close();
      if (line.trim() !== '') write(await answer(opts, line));
      prompt();
    });
  });
  const print = (text: string) => {
    if (!prompting) return write(text);
    if (terminal) {
      clearLine(opts.output, 0);
      cursorTo(opts.output, 0);
    } else {
      opts.output.write('\n');
    }
    write(text);
    rl.prompt(true);
  };
  const done = new Promise<void>((resolve) => rl.once('close', () => void queue.then(resolve)));
  return { close: () => rl.close(), done, print };
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
