import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, ReadableLogs } from '../../../src/infra/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('which log lines a place gets', () => {
  it('writes JSON lines unless both stdout and stderr are a terminal; a setting overrides', () => {
    const tty = { stdout: true, stderr: true };
    expect(chooseLogFormat('auto', tty)).toBe('pretty');
    // `npm start | cat`, `npm start 2>file`, a container, systemd: machines read the lines.
    expect(chooseLogFormat('auto', { stdout: false, stderr: true })).toBe('json');
    expect(chooseLogFormat('auto', { stdout: true, stderr: false })).toBe('json');
    expect(chooseLogFormat('auto', { stdout: false, stderr: false })).toBe('json');
    expect(chooseLogFormat('json', tty)).toBe('json');
    expect(chooseLogFormat('pretty', { stdout: false, stderr: false })).toBe('pretty');
  });

  it('shows a person one readable line per entry, never a JSON object, with secrets redacted', () => {
    const shown: string[] = [];
    const logger = createLogger('info', new ReadableLogs((text) => shown.push(text), false));
    logger.info({ postId: 'pst_1', token: 'xoxb-secret' }, 'publish job ran');
    logger.debug('below the level');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: publish job ran/);
    expect(shown[0]).toContain('"postId":"pst_1"');
    expect(shown[0]).not.toContain('xoxb-secret');
    expect(shown[0]).not.toMatch(/^\{/);
  });

  it('while the chat runs: every entry to the file as JSON, only warnings and errors on the screen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-logs-'));
    dirs.push(dir);
    const screen: string[] = [];
    const chat: string[] = [];
    const readable = new ReadableLogs((text) => screen.push(text), false);
    const logger = createLogger('info', readable);
    readable.aside(join(dir, 'sub', 'herald.log'));
    logger.info('api listening');
    logger.warn({ token: 'xoxb-secret' }, 'database restarted');
    readable.showThrough((text) => chat.push(text));
    logger.info('publish job ran');
    logger.error('publish handler failed');
    readable.showThrough();
    logger.fatal('giving up');

    const file = readFileSync(join(dir, 'sub', 'herald.log'), 'utf8')
      .trim()
      .split('\n');
    expect(file.map((line) => JSON.parse(line).msg)).toEqual([
      'api listening',
      'database restarted',
      'publish job ran',
      'publish handler failed',
      'giving up',
    ]);
    expect(file.join('\n')).not.toContain('xoxb-secret');
    expect(screen.map((line) => line.replace(/^\[[\d:]+\] /, ''))).toEqual([
      'WARN: database restarted {"token":"[redacted]"}',
      'FATAL: giving up',
    ]);
    expect(chat).toEqual([expect.stringMatching(/ERROR: publish handler failed$/)]);
  });
});
