import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { processesMentioning } from '../support/processes.js';

/**
 * `npm start` as a person sees it in a terminal, and as a pipe sees it. util-linux's `script`
 * gives Herald a pseudo-terminal for stdin, stdout and stderr, the way a terminal emulator does.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const config = loadConfig();
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dirs: string[] = [];
const markers: string[] = [];
afterAll(async () => {
  for (const marker of markers) for (const pid of processesMentioning(marker)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs) {
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

interface Terminal {
  child: ChildProcess;
  screen(): string;
  type(text: string): void;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM to Herald itself (a marker argument finds it), then waits for the terminal to close. */
  stop(): Promise<void>;
  dataDir: string;
}

/** Runs `command` (with `{herald}` for `node … src/main.ts start <marker>`) in a pseudo-terminal. */
async function inTerminal(command: string): Promise<Terminal> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-tty-'));
  dirs.push(dataDir);
  const marker = `tty-${randomUUID()}`;
  markers.push(marker);
  const herald = `${process.execPath} --import tsx src/main.ts start ${marker}`;
  const child = spawn('script', ['-qfec', command.replace('{herald}', herald), '/dev/null'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HERALD_DATA_DIR: dataDir,
      HERALD_CACHE_DIR: resolve(config.HERALD_CACHE_DIR),
      HERALD_API_PORT: '0',
      HERALD_POLL_INTERVAL_MS: '500',
      HERALD_DB_NAME: `herald_test_tty_${process.pid}`,
      HERALD_LOG_LEVEL: 'info',
      HERALD_LOG_FORMAT: 'auto',
      ...(config.MONGODB_URL ? { MONGODB_URL: config.MONGODB_URL } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  const closed = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    dataDir,
    screen: () => screen,
    type: (text) => child.stdin?.write(text),
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(screen)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${pattern} on the terminal; it shows:\n${screen.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      for (const pid of processesMentioning(marker)) if (pid !== child.pid) process.kill(pid, 'SIGTERM');
      await closed;
    },
  };
}

/**
 * The terminal's text as lines, as a terminal shows them: carriage returns and cursor moves to a
 * column overwrite, "erase line" erases, colours are dropped.
 */
function lines(screen: string): string[] {
  const shown: string[] = [];
  let line: string[] = [];
  let col = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
  for (const [token, arg = '', op] of screen.matchAll(/\x1b\[([0-9;]*)([A-Za-z])|\r|\n|[^\x1b\r\n]/gu)) {
    if (token === '\n') {
      shown.push(line.join('').trimEnd());
      line = [];
      col = 0;
    } else if (token === '\r') col = 0;
    else if (op === 'G') col = Math.max(0, Number(arg || 1) - 1);
    else if (op === 'K' && arg === '2') line = [];
    else if (op === 'K' || op === 'J') line = line.slice(0, col);
    else if (!op) {
      while (line.length < col) line.push(' ');
      line[col] = token;
      col += 1;
    }
  }
  return [...shown, line.join('').trimEnd()];
}

describe.skipIf(!hasScript)('what `npm start` prints, in a terminal and into a pipe', () => {
  it('in a terminal: no JSON log line, a publish result on a line of its own, the full log in herald.log', async () => {
    const t = await inTerminal('{herald}');
    await t.waitFor(/herald › /);
    t.type('schedule @demo "From a terminal" in 2s\r');
    await t.waitFor(/✓ published pst_\w+ on dryrun/, 20_000);
    await t.stop();

    const shown = lines(t.screen());
    expect(shown.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    expect(shown).toContainEqual(expect.stringMatching(/^Herald API on http:\/\/127\.0\.0\.1:\d+/));
    expect(shown).toContainEqual(expect.stringMatching(/^✓ published pst_\w+ on dryrun/));
    expect(shown.filter((line) => /herald › .*✓ published/.test(line))).toEqual([]);

    const log = (await readFile(join(t.dataDir, 'herald.log'), 'utf8')).trim().split('\n');
    const messages = log.map((line) => JSON.parse(line).msg as string);
    expect(messages).toContain('api listening');
    expect(messages).toContain('publish job ran');
  });

  it('`npm start | cat`: the log is JSON lines, as for any program reading it', async () => {
    const t = await inTerminal('{herald} | cat');
    await t.waitFor(/"msg":"api listening"/);
    await t.stop();
    // The chat's prompt goes through `cat`, the log straight to the terminal: a prompt may precede a line.
    const json = lines(t.screen()).flatMap((line) => /\{"level":.*\}$/.exec(line) ?? []);
    expect(json.map((line) => JSON.parse(line).msg)).toContain('api listening');
    expect(json.map((line) => JSON.parse(line).msg)).toContain('worker started');
  });
});
