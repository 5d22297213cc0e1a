import type { Collection, Db, Document } from 'mongodb';
import type { Post, PostStatus } from '../core/domain/types.js';
import { HeraldError } from '../core/errors.js';
import type { PostListQuery, PostRepository } from '../core/ports/post-repository.js';
import { type CasOptions, casUpdate } from './cas.js';
import { noteChanges } from './change-marks.js';
import { dayOf, daysBetween, withoutDay } from './day-bucket.js';
import {
  findInWorkspace,
  fromDoc,
  fromDocs,
  isDuplicateKey,
  type StoredDoc,
  stripUndefined,
  toDoc,
} from './documents.js';
import { PointReads } from './point-reads.js';

export class MongoPostRepository implements PostRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(private readonly db: Db) {
    this.col = db.collection<StoredDoc>('posts');
    this.points = new PointReads(this.col);
  }

  /** Reads of one post, shared with other reads of posts asked for meanwhile. */
  private readonly points: PointReads;

  async insert(post: Post): Promise<boolean> {
    try {
      await this.col.insertOne({ ...toDoc(post), day: dayOf(post.scheduledAt) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(workspaceId: string, id: string): Promise<Post | null> {
    const doc = await this.points.byId(id);
    return withoutDay(doc && doc.workspaceId === workspaceId ? fromDoc<Post>(doc) : null);
  }

  async getMany(workspaceId: string, ids: readonly string[]): Promise<Post[]> {
    // One primary-key read each: FerretDB answers `{_id: {$in}}` with a scan.
    const found = await Promise.all(ids.map((id) => findInWorkspace<Post>(this.col, workspaceId, id)));
    return found.filter((p): p is Post => p !== null).map(withoutDay);
  }

  async listPlannedBetween(workspaceId: string, from: Date, to: Date): Promise<Post[]> {
    const window = { scheduledAt: { $gte: from, $lt: to } };
    const days = daysBetween(from, to);
    const docs = days
      ? (
          await Promise.all(days.map((day) => this.col.find({ workspaceId, day, ...window }).toArray()))
        ).flat()
      : await this.col.find({ workspaceId, ...window }).toArray();
    return fromDocs<Post>(docs).map(withoutDay);
  }

  async list(query: PostListQuery): Promise<{ items: Post[]; nextCursor?: string }> {
    const filter: Document = { workspaceId: query.workspaceId };
    if (query.status) filter.status = String(query.status);
    if (query.accountId) filter.accountIds = String(query.accountId);
    else if (query.accountIds) filter.accountIds = { $in: query.accountIds.map(String) };
    if (query.ids) filter._id = { $in: query.ids.map(String) };
    if (query.campaignId) filter.campaignId = String(query.campaignId);
    if (query.from || query.to) {
      filter.scheduledAt = stripUndefined({ $gte: query.from, $lt: query.to });
    }
    const dir = query.order === 'desc' ? -1 : 1;
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      const after = dir === 1 ? '$gt' : '$lt';
      filter.$or = [{ scheduledAt: { [after]: at } }, { scheduledAt: at, _id: { [after]: id } }];
    }
    const docs = await this.col
      .find(filter)
      .sort({ scheduledAt: dir, _id: dir })
      .limit(query.limit + 1)
      .toArray();
    const items = fromDocs<Post>(docs.slice(0, query.limit)).map(withoutDay);
    const last = items.at(-1);
    return docs.length > query.limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
  }

  async listActiveSeries(limit: number): Promise<Post[]> {
    const filter = { status: 'active', 'recurrence.rrule': { $exists: true } };
    return fromDocs<Post>(await this.col.find(filter).limit(limit).toArray()).map(withoutDay);
  }

  async seriesHorizon(postId: string): Promise<Date | null> {
    const doc = await this.db.collection<StoredDoc>('series_state').findOne({ _id: String(postId) });
    return (doc?.until as Date | undefined) ?? null;
  }

  async setSeriesHorizon(postId: string, until: Date): Promise<void> {
    await this.db
      .collection<StoredDoc>('series_state')
      .updateOne({ _id: String(postId) }, { $set: { until } }, { upsert: true })
      .catch((error) => {
        if (!isDuplicateKey(error)) throw error;
      });
  }

  async resetSeriesHorizon(postId: string): Promise<void> {
    await this.db.collection<StoredDoc>('series_state').deleteOne({ _id: String(postId) });
  }

  async update(
    workspaceId: string,
    id: string,
    expected: number | { status: PostStatus },
    patch: Partial<Post>,
  ): Promise<Post | null> {
    const { id: _ignored, workspaceId: _ws, version: _v, ...rest } = patch;
    const now = rest.updatedAt ?? new Date();
    const cas: Pick<CasOptions, 'guard' | 'expectedVersion'> =
      typeof expected === 'number'
        ? { guard: { workspaceId }, expectedVersion: expected }
        : { guard: { workspaceId, status: expected.status } };
    const set = { ...stripUndefined(rest), ...(rest.scheduledAt ? { day: dayOf(rest.scheduledAt) } : {}) };
    const written = withoutDay(fromDoc<Post>(await casUpdate(this.db, 'posts', id, { ...cas, set, now })));
    if (written) await noteChanges(this.db, workspaceId, [`p:${written.id}`]);
    return written;
  }
}

function encodeCursor(post: Post): string {
  return Buffer.from(JSON.stringify([post.scheduledAt.toISOString(), post.id])).toString('base64url');
}

function decodeCursor(cursor: string): [Date, string] {
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
