import { randomUUID } from 'node:crypto';
import type { Collection, Db, Document } from 'mongodb';
import { type JobStatus, PENDING_STATUSES, WAKING_STATUSES } from '../core/domain/job-status.js';
import type { PublishJob } from '../core/domain/types.js';
import { wakeSecond, wakeSecondsBetween } from '../core/domain/wake-second.js';
import { HeraldError } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.js';
import type { JobPatch, JobRepository } from '../core/ports/job-repository.js';
import { BatchedCas } from './batched-cas.js';
import type { CasGuard } from './cas.js';
import { type ChangeKey, noteChangesOf } from './change-marks.js';
import { dayOf, daysBetween, withoutStoreFields } from './day-bucket.js';
import {
  findInWorkspace,
  isDuplicateKey,
  fromDoc as rawDoc,
  fromDocs as rawDocs,
  type StoredDoc,
  toDoc,
} from './documents.js';
import { PointReads } from './point-reads.js';

const fromDoc = <T>(doc: Document | null): T | null => withoutStoreFields(rawDoc<T>(doc));
const fromDocs = <T>(docs: Document[]): T[] => rawDocs<T>(docs).map((d) => withoutStoreFields(d));
/**
 * A job as stored: with its `day` bucket and, while it waits to be woken (WAKING_STATUSES), the
 * second it wakes in (`wake`). Only waiting jobs carry one, so the dispatcher's query by `wake`
 * alone reads the jobs due, never the ones already claimed or the months of posts ahead.
 */
const jobDoc = (job: PublishJob, now: Date) => ({
  ...toDoc(job),
  day: dayOf(job.occurrenceAt),
  ...(isWaking(job.status) ? { wake: wakeOf(job.nextAttemptAt, now) } : {}),
});

/**
 * The wake second of a job due at `at`, written at `now`: its due second, or the current one when
 * that has gone by. A waiting job is never given a second already past, so the dispatchers' look
 * back and the sweep's look at the seconds that just turned overdue see every job: nothing is
 * ever left in a second they have both passed.
 */
function wakeOf(at: Date, now: Date): string {
  return wakeSecond(at.getTime() < now.getTime() ? now : at);
}

function isWaking(status: string | undefined): boolean {
  return (WAKING_STATUSES as readonly (string | undefined)[]).includes(status);
}

const AHEAD: string[] = [...PENDING_STATUSES, 'publishing'];
/** The most wake seconds one look names (see findWaking). */
const MAX_SECONDS = 96;
/** Rows read per query when asking which seconds hold jobs (busyWakeSeconds). */
const SECONDS_PAGE = 200;

function chunksOf<T>(xs: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < xs.length; i += size) chunks.push(xs.slice(i, i + size));
  return chunks;
}
/** Jobs a list shows first: still ahead, or waiting for a person (failed ones may be retried). */
const OPEN: string[] = [...AHEAD, 'failed'];
/** Job fields nothing shows (a lease renewal, the next wake-up): writing only these notes no change. */
const UNSEEN = new Set(['lease', 'nextAttemptAt']);

function encodeJobCursor(job: PublishJob): string {
  return Buffer.from(JSON.stringify([job.occurrenceAt.toISOString(), job.id])).toString('base64url');
}

function decodeJobCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return [date, id];
  } catch {
    throw new HeraldError('VALIDATION_FAILED', 'The cursor is not one Herald returned.', {
      hint: 'Pass the nextCursor value from the previous page unchanged, or omit it to start over.',
    });
  }
}

export class MongoJobRepository implements JobRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('publish_jobs');
    this.points = new PointReads(this.col);
    this.cas = new BatchedCas(db, 'publish_jobs');
  }

  /** Notes a change after a write: held when reached through withMarksHeld (a use case's scope). */
  private note(workspaceId: string, keys: readonly ChangeKey[]): Promise<void> {
    return noteChangesOf(this, this.db, workspaceId, keys);
  }

  /** Every job write: a compare-and-set, by group commit with others asked for meanwhile. */
  private readonly cas: BatchedCas;

  /** The worker's reads of one job, shared with other jobs' reads asked for meanwhile. */
  private readonly points: PointReads;

  async insertMany(jobs: PublishJob[]): Promise<PublishJob[]> {
    const inserted: PublishJob[] = [];
    for (const job of jobs) {
      try {
        await this.col.insertOne(jobDoc(job, this.clock.now()));
        inserted.push(job);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error; // same occurrence materialized twice: keep the first
      }
    }
    await this.noteJobs(inserted);
    return inserted;
  }

  async get(workspaceId: string, id: string): Promise<PublishJob | null> {
    return withoutStoreFields(await findInWorkspace<PublishJob>(this.col, workspaceId, id));
  }

  async getMany(workspaceId: string, ids: string[]): Promise<PublishJob[]> {
    // One primary-key read each: FerretDB answers `{_id: {$in}}` with a scan.
    const found = await Promise.all(ids.map((id) => findInWorkspace<PublishJob>(this.col, workspaceId, id)));
    return found.filter((j): j is PublishJob => j !== null).map((j) => withoutStoreFields(j));
  }

  async getForWorker(id: string): Promise<PublishJob | null> {
    return fromDoc(await this.points.byId(id));
  }

  async listByPost(workspaceId: string, postId: string): Promise<PublishJob[]> {
    return this.listByPosts(workspaceId, [postId]);
  }

  async list(query: { workspaceId: string; status?: JobStatus; limit: number }): Promise<PublishJob[]> {
    const filter: Document = { workspaceId: query.workspaceId };
    if (query.status) filter.status = String(query.status);
    return fromDocs(await this.col.find(filter).sort({ occurrenceAt: -1 }).limit(query.limit).toArray());
  }

  async postIdsWithStatus(
    workspaceId: string,
    statuses: readonly JobStatus[],
    limit: number,
  ): Promise<string[]> {
    const filter = { workspaceId, status: { $in: [...statuses] } };
    const docs = await this.col
      .find(filter, { projection: { postId: 1 } })
      .limit(limit)
      .toArray();
    return [...new Set(docs.map((d) => d.postId as string))];
  }

  async nextDue(
    workspaceId: string,
    statuses: readonly JobStatus[],
    now: Date,
    limit: number,
  ): Promise<PublishJob[]> {
    const filter = { workspaceId, status: { $in: [...statuses] }, nextAttemptAt: { $gte: now } };
    return fromDocs(await this.col.find(filter).sort({ nextAttemptAt: 1, _id: 1 }).limit(limit).toArray());
  }

  async countByPlatform(workspaceId: string): Promise<{ platform: string; status: JobStatus; n: number }[]> {
    const rows = await this.col
      .aggregate([
        { $match: { workspaceId } },
        { $group: { _id: { platform: '$platform', status: '$status' }, n: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ platform: r._id.platform, status: r._id.status, n: r.n }));
  }

  async firstOfPost(workspaceId: string, postId: string, limit: number): Promise<PublishJob[]> {
    const base = { workspaceId, postId: String(postId) };
    const open = await this.col
      .find({ ...base, status: { $in: OPEN } })
      .sort({ occurrenceAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    if (open.length >= limit) return fromDocs(open);
    const done = await this.col
      .find({ ...base, status: { $nin: OPEN } })
      .sort({ occurrenceAt: -1, _id: -1 })
      .limit(limit - open.length)
      .toArray();
    return fromDocs([...open, ...done]);
  }

  async countByPosts(workspaceId: string, postIds: readonly string[]): Promise<Record<string, number>> {
    if (postIds.length === 0) return {};
    const rows = await this.col
      .aggregate([
        { $match: { workspaceId, postId: { $in: postIds.map(String) } } },
        { $group: { _id: '$postId', n: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  async page(
    query: Parameters<JobRepository['page']>[0],
  ): Promise<{ items: PublishJob[]; nextCursor?: string }> {
    const filter: Document = { workspaceId: query.workspaceId };
    if (query.postId) filter.postId = String(query.postId);
    if (query.status) filter.status = String(query.status);
    const dir = query.postId ? 1 : -1;
    if (query.cursor) {
      const [at, id] = decodeJobCursor(query.cursor);
      const after = dir === 1 ? '$gt' : '$lt';
      filter.$or = [{ occurrenceAt: { [after]: at } }, { occurrenceAt: at, _id: { [after]: id } }];
    }
    const docs = await this.col
      .find(filter)
      .sort({ occurrenceAt: dir, _id: dir })
      .limit(query.limit + 1)
      .toArray();
    const items = fromDocs<PublishJob>(docs.slice(0, query.limit));
    const last = items.at(-1);
    return docs.length > query.limit && last ? { items, nextCursor: encodeJobCursor(last) } : { items };
  }

  async listByPosts(workspaceId: string, postIds: string[]): Promise<PublishJob[]> {
    const filter = { workspaceId, postId: { $in: postIds.map(String) } };
    return fromDocs(await this.col.find(filter).sort({ occurrenceAt: 1, _id: 1 }).toArray());
  }

  async latestPlanned(workspaceId: string, accountId: string): Promise<Date | null> {
    const filter = { workspaceId, accountId: String(accountId), status: { $in: AHEAD } };
    const [doc] = await this.col
      .find(filter, { projection: { occurrenceAt: 1 } })
      .sort({ occurrenceAt: -1 })
      .limit(1)
      .toArray();
    return (doc?.occurrenceAt as Date | undefined) ?? null;
  }

  async listByAccountInWindow(
    workspaceId: string,
    accountId: string,
    from: Date,
    to: Date,
  ): Promise<PublishJob[]> {
    return this.inWindow({ workspaceId, accountId: String(accountId) }, from, to);
  }

  async listInWindow(workspaceId: string, from: Date, to: Date): Promise<PublishJob[]> {
    return this.inWindow({ workspaceId }, from, to);
  }

  /** Jobs matching `filter` planned in [from, to): day by day when the window is short. */
  private async inWindow(filter: Document, from: Date, to: Date): Promise<PublishJob[]> {
    const window = { occurrenceAt: { $gte: from, $lt: to } };
    const days = daysBetween(from, to);
    const docs = days
      ? (await Promise.all(days.map((day) => this.col.find({ ...filter, day, ...window }).toArray()))).flat()
      : await this.col.find({ ...filter, ...window }).toArray();
    return fromDocs<PublishJob>(docs).sort(
      (a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  async transition(
    id: string,
    guard: Parameters<JobRepository['transition']>[1],
    to: JobStatus,
    patch: JobPatch = {},
  ): Promise<PublishJob | null> {
    const also: CasGuard = {};
    if (guard.dueAt) also.nextAttemptAt = guard.dueAt;
    if (guard.unapproved) also.approval = null;
    return this.write(id, guard.from, guard.expectedVersion, { ...patch, status: to }, also);
  }

  async patch(
    id: string,
    guard: { status: readonly JobStatus[]; expectedVersion?: number },
    patch: JobPatch,
  ): Promise<PublishJob | null> {
    return this.write(id, guard.status, guard.expectedVersion, patch);
  }

  async findDue(
    statuses: readonly JobStatus[],
    now: Date,
    limit: number,
    after?: { at: Date; id: string },
  ): Promise<PublishJob[]> {
    const filter = {
      status: { $in: [...statuses] },
      nextAttemptAt: after ? { $gte: after.at, $lte: now } : { $lte: now },
      ...(after ? { $or: [{ nextAttemptAt: { $gt: after.at } }, { _id: { $gt: after.id } }] } : {}),
    };
    const sorted = this.col.find(filter).sort({ nextAttemptAt: 1, _id: 1 });
    return fromDocs(await sorted.limit(limit).toArray());
  }

  async findWaking(query: Parameters<JobRepository['findWaking']>[0]): Promise<PublishJob[]> {
    const { now, lookbackMs, limit } = query;
    const window = wakeSecondsBetween(new Date(now.getTime() - lookbackMs), now);
    // `wake` alone, and no sort: FerretDB's SQLite answers it from the `wake` index and stops
    // once `limit` rows are read (with the status too, it may choose the status index and read
    // every scheduled job). Only waiting jobs carry `wake`; the status is checked again here.
    // Past about a hundred values SQLite stops using the index for the list: keep it short.
    const seconds = [...new Set([...(query.seconds ?? []), ...window])].slice(0, MAX_SECONDS);
    const filter = { wake: { $in: seconds.sort() } };
    const docs = await this.col.find(filter).limit(limit).toArray();
    return fromDocs<PublishJob>(docs).filter((j) => isWaking(j.status));
  }

  async claimMany(jobs: readonly PublishJob[], lease: { owner: string; until: Date }): Promise<PublishJob[]> {
    if (jobs.length === 0) return [];
    const token = randomUUID();
    const now = this.clock.now();
    const stored = { ...lease, token };
    const result = await this.col.bulkWrite(
      jobs.map((job) => ({
        updateOne: {
          filter: { _id: job.id, status: job.status, version: job.version },
          update: {
            $set: { status: 'publishing', lease: stored, updatedAt: now },
            $unset: { wake: '' },
            $inc: { version: 1, attemptCount: 1 },
          },
        },
      })),
      { ordered: false },
    );
    // All claimed (the usual case): each is what was read, moved as the update says.
    const claimed =
      result.modifiedCount === jobs.length
        ? jobs.map((job) => ({
            ...job,
            status: 'publishing' as const,
            lease,
            updatedAt: now,
            version: job.version + 1,
            attemptCount: job.attemptCount + 1,
          }))
        : await this.claimedOf(jobs, token);
    await this.noteJobs(claimed);
    return claimed;
  }

  /** Notes that `jobs` changed, one change mark write per workspace. */
  private async noteJobs(jobs: readonly PublishJob[]): Promise<void> {
    for (const workspaceId of new Set(jobs.map((j) => j.workspaceId)))
      await this.note(
        workspaceId,
        jobs.filter((j) => j.workspaceId === workspaceId).map((j) => `j:${j.id}` as const),
      );
  }

  /** Which of `jobs` carry this claim's token: read back when some were taken by someone else first. */
  private async claimedOf(jobs: readonly PublishJob[], token: string): Promise<PublishJob[]> {
    const docs = await Promise.all(jobs.map((job) => this.points.byId(job.id)));
    return docs
      .filter((doc) => doc?.status === 'publishing' && doc.lease?.token === token)
      .map((doc) => fromDoc<PublishJob>(doc) as PublishJob);
  }

  /**
   * A job that came back to waiting without a new due time (an approval, a retry of the same
   * time) gets its wake second again. Not a state change: no version moves, and a newer write
   * (another version) has set its own.
   */
  private async keepWake(doc: StoredDoc): Promise<void> {
    if (!isWaking(doc.status as string) || !(doc.nextAttemptAt instanceof Date)) return;
    if (typeof doc.wake === 'string') return;
    const wake = wakeOf(doc.nextAttemptAt, this.clock.now());
    await this.col.updateOne({ _id: doc._id, version: doc.version }, { $set: { wake } });
    doc.wake = wake;
  }

  async inWakeSeconds(seconds: readonly string[], limit: number): Promise<PublishJob[]> {
    const found: PublishJob[] = [];
    for (const chunk of chunksOf(seconds, MAX_SECONDS)) {
      if (found.length >= limit) break;
      const docs = await this.col
        .find({ wake: { $in: [...chunk].sort() } })
        .limit(limit - found.length)
        .toArray();
      found.push(...fromDocs<PublishJob>(docs).filter((j) => isWaking(j.status)));
    }
    return found;
  }

  async busyWakeSeconds(seconds: readonly string[]): Promise<Map<string, PublishJob>> {
    const first = new Map<string, PublishJob>();
    for (const chunk of chunksOf(seconds, MAX_SECONDS)) {
      let left = chunk;
      // A page names some seconds; ask again for the others until a page is not full (a second
      // with thousands of jobs costs one page, not thousands of rows).
      while (left.length > 0) {
        const docs = await this.col
          .find({ wake: { $in: [...left].sort() } })
          .limit(SECONDS_PAGE)
          .toArray();
        const named = new Set<string>();
        for (const doc of docs) {
          if (typeof doc.wake !== 'string') continue;
          named.add(doc.wake);
          if (isWaking(doc.status as string) && !first.has(doc.wake))
            first.set(doc.wake, fromDoc<PublishJob>(doc) as PublishJob);
        }
        if (docs.length < SECONDS_PAGE) break;
        left = left.filter((s) => !named.has(s));
      }
    }
    return first;
  }

  async rewake(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.col.bulkWrite(
      ids.map((id) => ({
        updateOne: {
          filter: { _id: String(id), status: { $in: [...WAKING_STATUSES] } },
          update: { $set: { wake: wakeSecond(at) } },
        },
      })),
      { ordered: false },
    );
  }

  async findExpiredLeases(now: Date, limit: number): Promise<PublishJob[]> {
    const filter = { status: 'publishing', 'lease.until': { $lt: now } };
    return fromDocs(await this.col.find(filter).limit(limit).toArray());
  }

  async publishedSince(workspaceId: string, accountId: string, since: Date): Promise<Date[]> {
    const filter = {
      workspaceId,
      accountId: String(accountId),
      status: 'published',
      publishedAt: { $gte: since },
    };
    const docs = await this.col
      .find(filter, { projection: { publishedAt: 1 } })
      .sort({ publishedAt: 1 })
      .toArray();
    return docs.map((d) => d.publishedAt as Date);
  }

  async countByStatus(
    workspaceId?: string,
    statuses?: readonly JobStatus[],
  ): Promise<Partial<Record<JobStatus, number>>> {
    const match = {
      ...(workspaceId ? { workspaceId } : {}),
      ...(statuses ? { status: { $in: [...statuses] } } : {}),
    };
    const rows = await this.col
      .aggregate([{ $match: match }, { $group: { _id: '$status', n: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  /** Every job write is a compare-and-set through `casUpdate`: values are set, nulls removed. */
  private async write(
    id: string,
    statuses: readonly JobStatus[],
    expectedVersion: number | undefined,
    patch: JobPatch & { status?: JobStatus },
    also: CasGuard = {},
  ): Promise<PublishJob | null> {
    const now = this.clock.now();
    const set: Document = { updatedAt: now };
    const unset: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) unset.push(key);
      else if (value !== undefined) set[key] = value;
    }
    if (patch.occurrenceAt) set.day = dayOf(patch.occurrenceAt);
    if (patch.status !== undefined && !isWaking(patch.status)) unset.push('wake');
    else if (patch.nextAttemptAt) set.wake = wakeOf(patch.nextAttemptAt, now);
    const guard = { ...also, status: { $in: statuses } };
    const opts = { guard, set, unset, now, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
    const stored = await this.cas.update(id, opts);
    if (stored) await this.keepWake(stored);
    const written = fromDoc<PublishJob>(stored);
    if (written && Object.keys(patch).some((key) => !UNSEEN.has(key)))
      await this.note(written.workspaceId, [`j:${written.id}`]);
    return written;
  }
}
