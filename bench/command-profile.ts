import type { MongoClient } from 'mongodb';

/**
 * Sums database time (and its 95th percentile) per command and collection on a client created with
 * `monitorCommands: true`: where a bench's database time goes (BENCH_PROFILE=1).
 */
export function profileCommands(client: MongoClient): () => Record<string, number> {
  const started = new Map<number, string>();
  const totals = new Map<string, { count: number; ms: number; all: number[] }>();
  client.on('commandStarted', (e) => {
    const target = e.command[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const done = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId);
    if (!key) return;
    started.delete(e.requestId);
    const t = totals.get(key) ?? { count: 0, ms: 0, all: [] };
    t.all.push(e.duration);
    t.count += 1;
    t.ms += e.duration;
    totals.set(key, t);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return () => {
    const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    let commands = 0;
    for (const t of totals.values()) commands += t.count;
    return Object.fromEntries([
      ['profile.commands', commands],
      ...rows.flatMap(([k, t]) => [
        [`profile.${k}.count`, t.count],
        [`profile.${k}.avgMs`, Math.round((t.ms / t.count) * 10) / 10],
        [`profile.${k}.p95Ms`, t.all.sort((a, b) => a - b)[Math.floor(0.95 * (t.all.length - 1))] ?? 0],
      ]),
    ]);
  };
}
