/**
 * The web calendar's feed: p50/p95/p99 of `GET /v1/calendar` for one week holding
 * CALENDAR_BENCH_WEEK posts (default 2,000, over 5 accounts) among CALENDAR_BENCH_POSTS stored
 * (default 10,000; the rest in the weeks around it), through the real fastify app (inject). Also
 * the answer while nothing changed (the page polls with If-None-Match: a 304), how long the API's
 * start-up warm-up of the calendar takes, the first page's read after it, and the answer right after a write (a job of the week moved, a
 * post of the week or elsewhere edited): what a page sees after a change. Posts are
 * bulk-inserted as documents shaped by the core (set-up speed only).
 */
import pino from 'pino';
import { buildApi } from '../src/api/build-api.js';
import { CachedApiKeyStore } from '../src/api/cached-api-keys.js';
import { systemClock } from '../src/infra/system-clock.js';
import { MongoApiKeyStore } from '../src/store/mongo-api-key-store.js';
import { benchCore, benchDatabase } from './bench-database.js';
import { seedCalendarWeek } from './seed-posts.js';

const DAY = 86_400_000;
const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;

export async function runCalendarBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const week = Number(process.env.CALENDAR_BENCH_WEEK ?? 2000);
  const total = Math.max(week, Number(process.env.CALENDAR_BENCH_POSTS ?? 10_000));
  const requests = Number(process.env.CALENDAR_BENCH_REQUESTS ?? 200);
  const server = await benchDatabase('calendarbench');
  const { client, db, deps } = await benchCore(server, 'cal');
  const { workspace, from } = await seedCalendarWeek(deps, db, { week, total });
  const keys = new CachedApiKeyStore(new MongoApiKeyStore(db, systemClock), systemClock);
  const { key } = await keys.create(workspace.id, ['read'], 'bench');
  const app = await buildApi({ logger: pino({ level: 'silent' }), readiness: [], deps, keys });
  const url = `/v1/calendar?from=${from.toISOString()}&to=${new Date(from.getTime() + 7 * DAY).toISOString()}`;
  const headers = { authorization: `Bearer ${key}` };
  const get = async (extra: Record<string, string> = {}) => {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { ...headers, ...extra } });
    if (res.statusCode !== 200 && res.statusCode !== 304)
      throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
    return { ms: performance.now() - t, res };
  };
  // The API warms the calendar's read side when it starts; a page opened after that finds it kept.
  const readyAt = performance.now();
  await app.ready();
  // The same days as the API's own warm-up (they run side by side; a day one reads, the other keeps).
  const today = Math.floor(Date.now() / DAY) * DAY;
  await deps.calendar.warm(new Date(today - 7 * DAY), new Date(today + 15 * DAY));
  const warmUpMs = performance.now() - readyAt;
  const first = await get();
  const firstMs = first.ms;
  const tiles = first.res.json().tiles.length as number;
  const etag = String(first.res.headers.etag);
  for (let i = 0; i < 20; i += 1) await get();
  // Polling: what open pages ask every second while nothing changed (answered from memory).
  const polling: number[] = [];
  const unchanged: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    polling.push((await get()).ms);
    unchanged.push((await get({ 'if-none-match': etag })).ms);
  }
  // Changed: a write to the workspace before each request, so every answer is computed afresh:
  // in turn a job of the week moved by a minute, a post of the week edited, a post elsewhere edited.
  const changed: number[] = [];
  const outside = (await deps.posts.list({ workspaceId: workspace.id, limit: 1, order: 'desc' })).items[0];
  const inWeek = (first.res.json().tiles as { id: string; postId: string }[]).filter((_, i) => i % 97 === 0);
  for (let i = 0; i < Math.min(requests, 30); i += 1) {
    const tile = inWeek[i % inWeek.length] as { id: string; postId: string };
    if (i % 3 === 0) {
      const job = await deps.jobs.get(workspace.id, tile.id);
      if (job)
        await deps.jobs.patch(
          job.id,
          { status: [job.status] },
          { occurrenceAt: new Date(job.occurrenceAt.getTime() + 60_000) },
        );
    } else {
      const post = await deps.posts.get(workspace.id, i % 3 === 1 ? tile.postId : (outside?.id ?? ''));
      if (post) await deps.posts.update(workspace.id, post.id, post.version, { caption: `edited ${i}` });
    }
    changed.push((await get()).ms);
  }
  await app.close();
  await db.dropDatabase();
  await client.close();
  await server.stop();
  const figures: Record<string, number> = {
    storedPosts: total,
    tilesInWeek: tiles,
    responseKb: round(first.res.body.length / 1024),
    startUpWarmMs: round(warmUpMs),
    firstReadMs: round(firstMs),
  };
  for (const [name, xs] of [
    ['polling', polling],
    ['unchanged304', unchanged],
    ['afterChange', changed],
  ] as const) {
    xs.sort((a, b) => a - b);
    for (const p of [50, 95, 99]) figures[`${name}.p${p}Ms`] = round(pct(xs, p));
  }
  return { name: `Calendar feed for one week (inject, database: ${server.rung})`, figures };
}
