import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../../src/infra/progress-line.js';

function terminal(columns?: number) {
  const writes: string[] = [];
  return { writes, columns, write: (text: string) => writes.push(text) };
}

describe('a progress line on a terminal', () => {
  it('rewrites one line with the step, what it has counted and the time since the first step', () => {
    let now = 1_000_000;
    const out = terminal(120);
    const line = new ProgressLine(out, 'Building the local database', () => now);
    line.step('downloading FerretDB v1.24.2');
    now += 12_400;
    line.output('go: downloading github.com/FerretDB/FerretDB v1.24.2');
    line.step('compiling', 'packages');
    line.output('github.com/FerretDB/FerretDB/internal/util/must');
    now += 30_000;
    line.output('github.com/FerretDB/FerretDB/internal/types');
    line.done('FerretDB built in 42 s');

    expect(out.writes.every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    const shown = out.writes.map((w) => w.slice(5));
    expect(shown).toEqual([
      'Building the local database: downloading FerretDB v1.24.2 · 0 s',
      'Building the local database: compiling · 12 s',
      'Building the local database: compiling · 1 packages · 12 s',
      'Building the local database: compiling · 2 packages · 42 s',
      'FerretDB built in 42 s\n',
    ]);
    // Only the summary ends the line: what the terminal prints next starts on a line of its own.
    expect(out.writes.filter((w) => w.includes('\n'))).toHaveLength(1);
  });

  it('never wraps: a line wider than the terminal is cut to fit', () => {
    const out = terminal(40);
    const line = new ProgressLine(out, 'Building the local database', () => 0);
    line.step('adding the patched modernc.org/sqlite');
    line.done('done');
    expect(out.writes[0]?.slice(5)).toHaveLength(39);
  });
});
