/**
 * Library import: LIBRARY_BENCH_ROWS CSV rows (default 10,000) through the import operation —
 * parse, check every row, match on influencer and URL, insert in batches, per-row report — first
 * into an empty library, then the same file again (every row unchanged). The baseline, measured
 * in the same run on the same server, is what a script would do instead: the driver's
 * `insertMany` of the same documents, unchecked. Rounds are interleaved (LIBRARY_BENCH_ROUNDS,
 * default 3); figures are the range over rounds, plus the process CPU per 1,000 rows.
 */
import { libraryImport } from '../src/core/operations/library.js';
import { rowsOf } from '../src/infra/csv.js';
import { seedWorkspace } from '../test/support/seed.js';
import { benchCore, benchDatabase } from './bench-database.js';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function runLibraryBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const rows = Number(process.env.LIBRARY_BENCH_ROWS ?? 10_000);
  const rounds = Number(process.env.LIBRARY_BENCH_ROUNDS ?? 3);
  const server = await benchDatabase('librarybench');
  const csv = [
    'influencer,url,score,caption,hashtags,tags',
    ...Array.from(
      { length: rows },
      (_, i) => `@demo,https://cdn.example.com/p/${i}.jpg,${i % 101},"Photo ${i}","#a #b${i % 7}",summer`,
    ),
  ].join('\n');
  const runs: Record<string, number[]> = {
    importMs: [],
    reimportMs: [],
    insertManyMs: [],
    importCpuPer1k: [],
    ratio: [],
  };
  try {
    for (let round = 0; round < rounds; round += 1) {
      const { client, db, deps } = await benchCore(server, 'lib');
      const { workspace } = await seedWorkspace(deps, 'auto');
      const ctx = { workspace, actor: { kind: 'console' as const, id: 'bench' } };
      // Baseline first in odd rounds, second in even ones.
      const baseline = async () => {
        const docs = Array.from({ length: rows }, (_, i) => ({
          _id: `raw_${i}`,
          workspaceId: workspace.id,
          url: `https://cdn.example.com/p/${i}.jpg`,
          score: i % 101,
        }));
        const t = performance.now();
        for (let i = 0; i < docs.length; i += 1000)
          await db
            .collection('raw_assets')
            .insertMany(docs.slice(i, i + 1000) as never[], { ordered: false });
        return performance.now() - t;
      };
      const importOnce = async () => {
        const t = performance.now();
        const c = cpuMs();
        const { result } = await libraryImport(deps, ctx, { rows: rowsOf(csv, 'csv') });
        if (result.created + result.unchanged !== rows) throw new Error(`import stored ${result.created}`);
        return { ms: performance.now() - t, cpu: cpuMs() - c };
      };
      const base = round % 2 === 0 ? await baseline() : 0;
      const first = await importOnce();
      const again = await importOnce();
      const insertMany = round % 2 === 0 ? base : await baseline();
      runs.importMs?.push(first.ms);
      runs.reimportMs?.push(again.ms);
      runs.insertManyMs?.push(insertMany);
      runs.importCpuPer1k?.push((first.cpu / rows) * 1000);
      runs.ratio?.push(first.ms / insertMany);
      await db.dropDatabase();
      await client.close();
    }
  } finally {
    await server.stop();
  }
  const figures: Record<string, number> = { rows, rounds };
  for (const [key, values] of Object.entries(runs)) {
    figures[`${key}.min`] = Math.round(Math.min(...values) * 100) / 100;
    figures[`${key}.max`] = Math.round(Math.max(...values) * 100) / 100;
  }
  return {
    name: `library import, ${rows} rows (import vs. the driver's insertMany of the same documents)`,
    figures,
  };
}
