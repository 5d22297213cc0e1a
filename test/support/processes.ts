import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A Herald process started the way a user starts it, with its output collected line by line. */
export class HeraldProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = '';

  constructor(
    role: string,
    env: Record<string, string>,
    stdin: 'pipe' | 'ignore' = 'ignore',
    args: string[] = [],
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** Waits for an output line matching `pattern` (searching from line `from`). */
  async waitForLine(pattern: RegExp, timeoutMs = 180_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const line of this.lines.slice(from)) {
        const match = line.match(pattern);
        if (match) return match;
      }
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `no line matching ${pattern} (exit ${this.child.exitCode}); stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr.slice(-3000)}`,
    );
  }

  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited(timeoutMs = 60_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.resolve(this.child.exitCode);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolvePromise(code);
      });
    });
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 40_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.resolve(this.child.exitCode);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`did not exit within ${timeoutMs} ms after ${signal}`)),
        timeoutMs,
      );
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolvePromise(code);
      });
      this.child.kill(signal);
    });
  }
}

/** Pids of processes whose command line mentions `needle` (e.g. a test's data directory). */
export function processesMentioning(needle: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', needle]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
