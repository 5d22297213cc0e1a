import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/store/group-commit.js';

/** A write that stays open until the test lets it finish, recording what each command carried. */
function gatedWrites() {
  const commands: { key: string; items: number[] }[] = [];
  const gates: (() => void)[] = [];
  const failNext: { error?: Error } = {};
  const write = (key: string, items: number[]) => {
    commands.push({ key, items: [...items] });
    const error = failNext.error;
    failNext.error = undefined;
    return new Promise<void>((resolve, reject) => gates.push(() => (error ? reject(error) : resolve())));
  };
  const open = async () => {
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { commands, write, open, failNext };
}

describe('group commit', () => {
  it('writes alone at once, and everything asked for meanwhile in one next command', async () => {
    const w = gatedWrites();
    const gc = new GroupCommit<string, number>(w.write);
    const settled: number[] = [];
    const first = gc.add('ws', [1]).then(() => settled.push(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(w.commands).toEqual([{ key: 'ws', items: [1] }]);
    const later = [2, 3, 4].map((n) => gc.add('ws', [n]).then(() => settled.push(n)));
    await new Promise((r) => setTimeout(r, 0));
    // Nothing is reported written before its command returns.
    expect(settled).toEqual([]);
    await w.open();
    await first;
    expect(settled).toEqual([1]);
    expect(w.commands).toEqual([
      { key: 'ws', items: [1] },
      { key: 'ws', items: [2, 3, 4] },
    ]);
    await w.open();
    await Promise.all(later);
    expect(settled.sort()).toEqual([1, 2, 3, 4]);
  });

  it('keeps keys apart and fails only the callers of the command that failed', async () => {
    const w = gatedWrites();
    const gc = new GroupCommit<string, number>(w.write);
    w.failNext.error = new Error('disk full');
    const a = gc.add('a', [1]);
    const b = gc.add('b', [2]);
    await new Promise((r) => setTimeout(r, 0));
    expect(w.commands).toEqual([
      { key: 'a', items: [1] },
      { key: 'b', items: [2] },
    ]);
    const a2 = gc.add('a', [3]);
    await w.open();
    await expect(a).rejects.toThrow('disk full');
    await w.open();
    await expect(b).resolves.toBeUndefined();
    await w.open();
    await expect(a2).resolves.toBeUndefined();
    expect(w.commands.at(-1)).toEqual({ key: 'a', items: [3] });
  });

  it('caps a batch: items beyond the cap go in commands of their own', async () => {
    const w = gatedWrites();
    const gc = new GroupCommit<string, number>(w.write, 2);
    const all = [gc.add('k', [1])];
    await new Promise((r) => setTimeout(r, 0));
    all.push(gc.add('k', [2]), gc.add('k', [3]), gc.add('k', [4]));
    await new Promise((r) => setTimeout(r, 0));
    expect(w.commands.map((c) => c.items)).toEqual([[1], [4]]);
    for (let i = 0; i < 3; i += 1) await w.open();
    await Promise.all(all);
    expect(w.commands.map((c) => c.items)).toEqual([[1], [4], [2, 3]]);
  });
});
