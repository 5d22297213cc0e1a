import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleChat, startConsoleChat } from '../../../../src/bots/console/console-chat.js';
import type { CoreDeps } from '../../../../src/core/use-cases/deps.js';
import { createLogger } from '../../../../src/infra/logger.js';

const open: ConsoleChat[] = [];
afterEach(() => {
  for (const chat of open.splice(0)) chat.close();
});

/** Readline ends a redraw by moving the cursor to the end of the input (`ESC [ n G`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal escape sequence
const withoutCursorMove = (text: string) => text.replace(/\u001b\[\d+G$/u, '');

/** A console chat on fake streams; `terminal` makes the output look like a TTY to readline. */
function chatOn(terminal: boolean) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 100 } : {});
  let screen = '';
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  // `help` needs no storage: the deps are never reached.
  const chat = startConsoleChat({
    deps: {} as CoreDeps,
    workspace: { id: 'ws_console', name: 'Local console' } as never,
    input,
    output,
    logger: createLogger('silent'),
  });
  open.push(chat);
  const settle = () => new Promise((r) => setTimeout(r, 20));
  return { input, chat, settle, screen: () => screen, since: (mark: number) => screen.slice(mark) };
}

describe('the console keeps the prompt apart from what happens meanwhile', () => {
  it('in a terminal, a publish result goes above the prompt and what was being typed is drawn again', async () => {
    const { input, chat, settle, screen, since } = chatOn(true);
    input.write('sched');
    await settle();
    const mark = screen().length;
    chat.print('✓ published pst_1 on dryrun');
    const printed = since(mark);
    // Erase the line holding the prompt, write the text on its own line, draw the prompt and input again.
    expect(printed.startsWith('\x1b[2K')).toBe(true);
    expect(printed).toContain('✓ published pst_1 on dryrun\n');
    expect(printed.indexOf('✓ published')).toBeLessThan(printed.lastIndexOf('herald › '));
    expect(withoutCursorMove(printed).endsWith('herald › sched')).toBe(true);
  });

  it('a warning printed while a command answers does not draw a prompt in the middle of the answer', async () => {
    const { input, chat, settle, screen, since } = chatOn(true);
    await settle();
    let mark = 0;
    let printed = '';
    // Right after readline has taken the line, before the command's answer is written.
    input.once('data', () => {
      mark = screen().length;
      chat.print('WARN: database restarted');
      printed = since(mark);
    });
    input.write('help\r');
    await settle();
    expect(printed).toBe('WARN: database restarted\n');
    expect(since(mark)).toContain('Herald commands');
    expect(withoutCursorMove(screen()).endsWith('herald › ')).toBe(true);
  });

  it('off a terminal, text printed while the prompt waits starts on a line of its own', async () => {
    const { chat, settle, screen } = chatOn(false);
    await settle();
    chat.print('✓ published pst_1 on dryrun');
    expect(screen()).toBe('herald › \n✓ published pst_1 on dryrun\nherald › ');
  });
});
