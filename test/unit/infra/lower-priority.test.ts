import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url);

/** Runs `lowerProcessPriority(nice)` in a Node process of its own and reports its threads' nice values. */
function niceValuesAfter(nice: number): { lowered: number; threads: number[]; later: number } {
  const script = `
    import { readdirSync } from 'node:fs';
    import { getPriority } from 'node:os';
    import { Worker } from 'node:worker_threads';
    import { lowerProcessPriority } from ${JSON.stringify(new URL('src/infra/lower-priority.ts', ROOT).href)};
    const lowered = lowerProcessPriority(${nice});
    const threads = readdirSync('/proc/self/task').map((t) => getPriority(Number(t)));
    // A thread started afterwards reports its own nice value.
    const w = new Worker(
      "const tid = Number(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);" +
        "require('node:worker_threads').parentPort.postMessage(require('node:os').getPriority(tid));",
      { eval: true },
    );
    w.once('message', (later) => { console.log(JSON.stringify({ lowered, threads, later })); w.terminate(); });
  `;
  const dir = mkdtempSync(join(tmpdir(), 'herald-nice-'));
  const file = join(dir, 'lower.mts');
  writeFileSync(file, script);
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop() as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(process.platform === 'linux')('lowerProcessPriority (herald worker)', () => {
  it('gives every thread of the process the nice value, and threads started later inherit it', () => {
    const { lowered, threads, later } = niceValuesAfter(7);
    expect(lowered).toBe(threads.length);
    expect(threads.length).toBeGreaterThan(1);
    expect(new Set(threads)).toEqual(new Set([7]));
    expect(later).toBe(7);
  });

  it('leaves the priority alone at 0', () => {
    const { lowered, threads } = niceValuesAfter(0);
    expect(lowered).toBe(0);
    expect(new Set(threads)).toEqual(new Set([0]));
  });
});
