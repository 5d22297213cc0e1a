import type { Db } from 'mongodb';
import type { Post, PublishJob } from '../core/domain/types.js';
import type { CalendarSource, CalendarWindow } from '../core/ports/calendar-source.js';
import { type ChangeKey, changesSince, readChangeMark } from './change-marks.js';
import { dayOf, daysBetween, withoutStoreFields } from './day-bucket.js';
import { findInWorkspace, fromDocs, type StoredDoc } from './documents.js';

/** Days kept per workspace, and workspaces kept: about a quarter of a busy calendar each. */
const MAX_DAYS = 100;
const MAX_WORKSPACES = 32;
const DAY_MS = 86_400_000;

/** One workspace's kept reads: whole UTC days of jobs, their posts, and the change mark they are at. */
interface Kept {
  seq: number;
  days: Map<string, { jobs: Map<string, PublishJob>; usedAt: number }>;
  /** Which kept day holds a job, so a job that moved leaves it. */
  dayOfJob: Map<string, string>;
  posts: Map<string, Post>;
}

/**
 * The calendar's read side over MongoDB (or FerretDB): the jobs of whole UTC days (`day`
 * bucket) and their posts are kept in memory per workspace; each call first reads the
 * workspace's change mark (one point read) and re-reads by id only the jobs and posts noted
 * since (see change-marks.ts), or everything when it is too far behind. A week of 2,000 posts
 * then costs its full read once, and a point read plus the changes afterwards.
 */
export class MongoCalendarSource implements CalendarSource {
  private readonly kept = new Map<string, Kept>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Db) {}

  async warm(from: Date, to: Date): Promise<number> {
    const workspaces = await this.db
      .collection<StoredDoc>('workspaces')
      .find({}, { projection: { _id: 1 } })
      .limit(MAX_WORKSPACES)
      .toArray();
    // A day at a time, one workspace after the other: a page asking meanwhile waits for one day's
    // read at most, not for the whole warm-up, and the days it read itself are not read again.
    for (const { _id } of workspaces)
      for (let day = from.getTime(); day < to.getTime(); day += DAY_MS)
        await this.window(_id, new Date(day), new Date(Math.min(day + DAY_MS, to.getTime())));
    return workspaces.length;
  }

  async window(workspaceId: string, from: Date, to: Date): Promise<CalendarWindow> {
    // One reader per workspace at a time: the kept reads move forward in mark order.
    const before = this.running.get(workspaceId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.read(workspaceId, from, to));
    this.running.set(workspaceId, run);
    try {
      return await run;
    } finally {
      if (this.running.get(workspaceId) === run) this.running.delete(workspaceId);
    }
  }

  private async read(workspaceId: string, from: Date, to: Date): Promise<CalendarWindow> {
    const days = daysBetween(from, to);
    const kept = days ? await this.current(workspaceId) : empty(0);
    const wanted = days ?? [];
    await Promise.all(wanted.filter((d) => !kept.days.has(d)).map((d) => this.loadDay(workspaceId, kept, d)));
    const jobs = days ? this.jobsIn(kept, wanted, from, to) : await this.jobsByRange(workspaceId, from, to);
    await this.loadPosts(workspaceId, kept, jobs);
    if (days) trim(kept, new Set(wanted));
    const posts = new Map<string, Post>();
    for (const job of jobs) {
      const post = kept.posts.get(job.postId);
      if (post) posts.set(post.id, post);
    }
    return { jobs: jobs.sort(soonestFirst), posts };
  }

  /** The workspace's kept reads, brought up to its change mark (read before anything else). */
  private async current(workspaceId: string): Promise<Kept> {
    const mark = await readChangeMark(this.db, workspaceId);
    const known = this.kept.get(workspaceId);
    const changes = known ? changesSince(mark, known.seq) : null;
    if (known && changes) await this.apply(workspaceId, known, changes);
    const kept = known && changes ? known : empty(mark.seq);
    kept.seq = mark.seq;
    this.kept.delete(workspaceId); // re-inserted: the map's order is the least recently used first
    this.kept.set(workspaceId, kept);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= MAX_WORKSPACES) break;
      this.kept.delete(oldest);
    }
    return kept;
  }

  /** Re-reads what changed: each job goes to the kept day it is now planned on (if kept). */
  private async apply(workspaceId: string, kept: Kept, changes: readonly ChangeKey[]): Promise<void> {
    const jobIds = new Set(changes.filter((k) => k.startsWith('j:')).map((k) => k.slice(2)));
    const postIds = new Set(changes.filter((k) => k.startsWith('p:')).map((k) => k.slice(2)));
    const [jobs, posts] = await Promise.all([
      Promise.all([...jobIds].map((id) => this.byId<PublishJob>('publish_jobs', workspaceId, id))),
      Promise.all(
        [...postIds]
          .filter((id) => kept.posts.has(id))
          .map(async (id) => [id, await this.byId<Post>('posts', workspaceId, id)] as const),
      ),
    ]);
    for (const [i, id] of [...jobIds].entries()) place(kept, id, jobs[i] ?? null);
    for (const [id, post] of posts) {
      if (post) kept.posts.set(id, post);
      else kept.posts.delete(id);
    }
  }

  private async loadDay(workspaceId: string, kept: Kept, day: string): Promise<void> {
    const [jobDocs, postDocs] = await Promise.all([
      this.db.collection<StoredDoc>('publish_jobs').find({ workspaceId, day }).toArray(),
      this.db.collection<StoredDoc>('posts').find({ workspaceId, day }).toArray(),
    ]);
    kept.days.set(day, { jobs: new Map(), usedAt: Date.now() });
    for (const job of fromDocs<PublishJob>(jobDocs).map(withoutStoreFields)) place(kept, job.id, job);
    for (const post of fromDocs<Post>(postDocs).map(withoutStoreFields)) kept.posts.set(post.id, post);
  }

  /** The posts of `jobs` not kept yet (series, moved occurrences): one point read each. */
  private async loadPosts(workspaceId: string, kept: Kept, jobs: PublishJob[]): Promise<void> {
    const missing = [...new Set(jobs.map((j) => j.postId))].filter((id) => !kept.posts.has(id));
    const found = await Promise.all(missing.map((id) => this.byId<Post>('posts', workspaceId, id)));
    for (const post of found) if (post) kept.posts.set(post.id, post);
  }

  private jobsIn(kept: Kept, days: string[], from: Date, to: Date): PublishJob[] {
    const jobs: PublishJob[] = [];
    for (const day of days) {
      const entry = kept.days.get(day);
      if (!entry) continue;
      entry.usedAt = Date.now();
      for (const job of entry.jobs.values())
        if (job.occurrenceAt >= from && job.occurrenceAt < to) jobs.push(job);
    }
    return jobs;
  }

  private async jobsByRange(workspaceId: string, from: Date, to: Date): Promise<PublishJob[]> {
    const filter = { workspaceId, occurrenceAt: { $gte: from, $lt: to } };
    const docs = await this.db.collection<StoredDoc>('publish_jobs').find(filter).toArray();
    return fromDocs<PublishJob>(docs).map(withoutStoreFields);
  }

  private async byId<T>(collection: string, workspaceId: string, id: string): Promise<T | null> {
    const col = this.db.collection<StoredDoc>(collection);
    return withoutStoreFields(await findInWorkspace<T>(col, workspaceId, id));
  }
}

function empty(seq: number): Kept {
  return { seq, days: new Map(), dayOfJob: new Map(), posts: new Map() };
}

/** Puts a job (as just read; null when gone) under the kept day it is planned on, and only there. */
function place(kept: Kept, id: string, job: PublishJob | null): void {
  const was = kept.dayOfJob.get(id);
  if (was) kept.days.get(was)?.jobs.delete(id);
  kept.dayOfJob.delete(id);
  const day = job ? dayOf(job.occurrenceAt) : undefined;
  const entry = day ? kept.days.get(day) : undefined;
  if (!job || !day || !entry) return;
  entry.jobs.set(id, job);
  kept.dayOfJob.set(id, day);
}

/** Forgets the least recently asked days beyond MAX_DAYS (never those just asked), and their posts. */
function trim(kept: Kept, asked: Set<string>): void {
  if (kept.days.size <= MAX_DAYS) return;
  const byAge = [...kept.days.entries()]
    .filter(([d]) => !asked.has(d))
    .sort((a, b) => a[1].usedAt - b[1].usedAt);
  for (const [day, entry] of byAge.slice(0, kept.days.size - MAX_DAYS)) {
    for (const id of entry.jobs.keys()) kept.dayOfJob.delete(id);
    kept.days.delete(day);
  }
  const used = new Set<string>();
  for (const entry of kept.days.values()) for (const job of entry.jobs.values()) used.add(job.postId);
  for (const id of kept.posts.keys()) if (!used.has(id)) kept.posts.delete(id);
}

function soonestFirst(a: PublishJob, b: PublishJob): number {
  return a.occurrenceAt.getTime() - b.occurrenceAt.getTime() || a.id.localeCompare(b.id);
}
