/**
 * Where a fresh calendar read spends its time (`node --import tsx bench/calendar-profile.ts`):
 * the week of the calendar bench, read query by query — documents, time to the last byte
 * (raw: the server's work and the transfer) and the client's BSON decode; one large document
 * against many small ones; then the feed as built (first read, nothing changed, one job moved)
 * with its own work on what it read (tiles, JSON, ETag).
 */
import { createHash } from 'node:crypto';
import { BSON } from 'mongodb';
import { calendarFeed } from '../src/core/operations/calendar-feed.js';
import { readChangeMark } from '../src/store/change-marks.js';
import { daysBetween } from '../src/store/day-bucket.js';
import { benchCore, benchDatabase } from './bench-database.js';
import { seedCalendarWeek } from './seed-posts.js';

const week = Number(process.env.CALENDAR_BENCH_WEEK ?? 2000);
const server = await benchDatabase('calprofile');
const { client, db, deps } = await benchCore(server, 'prof');
const { workspace, from, to } = await seedCalendarWeek(deps, db, { week, total: 10_000 });
const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;
const row = (...xs: unknown[]) => console.log(xs.join('\t'));

async function timeFind(col: string, filter: object) {
  const t0 = performance.now();
  const raw = (await db
    .collection(col)
    .find(filter, { raw: true } as never)
    .toArray()) as unknown as Buffer[];
  const fetchMs = ms(t0);
  const t1 = performance.now();
  for (const b of raw) BSON.deserialize(b);
  const decodeMs = ms(t1);
  const bytes = raw.reduce((n, b) => n + b.length, 0);
  return { docs: raw.length, fetchMs, decodeMs, kb: Math.round(bytes / 1024) };
}

for (let round = 0; round < 2; round += 1) {
  console.log(
    `\n# round ${round + 1}: per query (collection, day, docs, server+transfer ms, client decode ms, KB)`,
  );
  let total = { docs: 0, fetch: 0, decode: 0 };
  for (const col of ['publish_jobs', 'posts']) {
    const window =
      col === 'posts' ? { scheduledAt: { $gte: from, $lt: to } } : { occurrenceAt: { $gte: from, $lt: to } };
    for (const day of daysBetween(from, to) ?? []) {
      const r = await timeFind(col, { workspaceId: workspace.id, day, ...window });
      row(col, day, r.docs, r.fetchMs, r.decodeMs, r.kb);
      total = {
        docs: total.docs + r.docs,
        fetch: total.fetch + r.fetchMs,
        decode: total.decode + r.decodeMs,
      };
    }
  }
  row('total', '', total.docs, Math.round(total.fetch), Math.round(total.decode));
  const oneDay = daysBetween(from, to)?.[2] as string;
  const noRange = await timeFind('publish_jobs', { workspaceId: workspace.id, day: oneDay });
  row('jobs, day equality only', oneDay, noRange.docs, noRange.fetchMs, noRange.decodeMs);
  const projected = performance.now();
  const few = await db
    .collection('publish_jobs')
    .find({ workspaceId: workspace.id, day: oneDay }, { projection: { _id: 1, status: 1 } })
    .toArray();
  row('jobs, day equality, projection _id+status', oneDay, few.length, ms(projected));
  const ids = few.slice(0, 50).map((d) => String(d._id));
  const pk = performance.now();
  await Promise.all(ids.map((id) => db.collection('publish_jobs').findOne({ _id: id as never })));
  row('50 reads by _id (parallel)', '', 50, ms(pk));
  const pk1 = performance.now();
  for (const id of ids.slice(0, 10)) await db.collection('publish_jobs').findOne({ _id: id as never });
  row('10 reads by _id (serial), each', '', 10, Math.round(ms(pk1) * 10) / 100);
}

// One large document (a day's worth of jobs inside) against as many small ones.
const dayDocs = await db
  .collection('publish_jobs')
  .find({ workspaceId: workspace.id, day: daysBetween(from, to)?.[2] })
  .toArray();
await db.collection('bigdoc').insertOne({ _id: 'one' as never, items: dayDocs });
for (let i = 0; i < 3; i += 1) {
  const t = performance.now();
  const doc = await db.collection('bigdoc').findOne({ _id: 'one' as never });
  row('one document holding', (doc?.items as unknown[] | undefined)?.length, 'jobs:', ms(t), 'ms');
}

// The feed as built: its first read keeps the week; after a change it reads the change mark and
// the changed documents only. Then the feed's own work on what it read (tiles, JSON, ETag).
const ctx = { workspace, actor: { kind: 'api_key' as const, id: 'k' }, actorRoles: [] };
const feedOnce = async (label: string) => {
  const t = performance.now();
  const feed = await calendarFeed(deps, ctx as never, { from, to });
  const readMs = ms(t);
  const t2 = performance.now();
  const json = JSON.stringify(feed);
  const jsonMs = ms(t2);
  const t3 = performance.now();
  createHash('sha256').update(json).digest('base64url');
  row(label, readMs, 'JSON', jsonMs, 'etag', ms(t3), 'tiles', feed.tiles.length);
  return feed;
};
const feed = await feedOnce('calendarFeed, first (reads the week)');
await feedOnce('calendarFeed, nothing changed');
for (const tile of feed.tiles.slice(0, 3)) {
  const job = await deps.jobs.get(workspace.id, tile.id);
  if (job)
    await deps.jobs.patch(
      job.id,
      { status: [job.status] },
      { occurrenceAt: new Date(job.occurrenceAt.getTime() + 60_000) },
    );
  const t = performance.now();
  await deps.calendar.window(workspace.id, from, to);
  row('read side after one job moved', ms(t));
  const again = await deps.jobs.get(workspace.id, tile.id);
  if (again)
    await deps.jobs.patch(
      again.id,
      { status: [again.status] },
      { occurrenceAt: new Date(again.occurrenceAt.getTime() + 60_000) },
    );
  await feedOnce('calendarFeed after one job moved');
}
const tm = performance.now();
for (let i = 0; i < 20; i += 1) await readChangeMark(db, workspace.id);
row('change mark read, each', Math.round(ms(tm) * 5) / 100);
await db.dropDatabase();
await client.close();
await server.stop();
