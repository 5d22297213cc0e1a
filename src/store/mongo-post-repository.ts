import type { Collection, Db, Document } from 'mongodb';
import type { Post, PostStatus } from '../core/domain/types.js';
import { HeraldError } from '../core/errors.js';
import type { PostListQuery, PostRepository } from '../core/ports/post-repository.js';
import { type CasOptions, casUpdate } from './cas.js';
import { type ChangeKey, noteChangesOf } from './change-marks.js';
import { dayOf, daysBetween, withoutStoreFields } from './day-bucket.js';
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

/**
 * Active series carry `series: 'active'` (indexed), so the sweep finds them without reading every
 * post; a post loses it when it stops being an active series.
 */
const ACTIVE = 'active';

function isActiveSeries(post: Pick<Post, 'status' | 'recurrence'>): boolean {
  return post.status === 'active' && Boolean(post.recurrence?.rrule);
}

const plain = withoutStoreFields;

export class MongoPostRepository implements PostRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(private readonly db: Db) {
    this.col = db.collection<StoredDoc>('posts');
    this.points = new PointReads(this.col);
  }

  /** Notes a change after a write: held when reached through withMarksHeld (a use case's scope). */
  private note(workspaceId: string, keys: readonly ChangeKey[]): Promise<void> {
    return noteChangesOf(this, this.db, workspaceId, keys);
  }

  /** Reads of one post, shared with other reads of posts asked for meanwhile. */
  private readonly points: PointReads;

  async insert(post: Post): Promise<boolean> {
    try {
      await this.col.insertOne({
        ...toDoc(post),
        day: dayOf(post.scheduledAt),
        ...(isActiveSeries(post) ? { series: ACTIVE } : {}),
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(workspaceId: string, id: string): Promise<Post | null> {
    const doc = await this.points.byId(id);
    return plain(doc && doc.workspaceId === workspaceId ? fromDoc<Post>(doc) : null);
  }

  async getMany(workspaceId: string, ids: readonly string[]): Promise<Post[]> {
    // One primary-key read each: FerretDB answers `{_id: {$in}}` with a scan.
    const found = await Promise.all(ids.map((id) => findInWorkspace<Post>(this.col, workspaceId, id)));
    return found.filter((p): p is Post => p !== null).map(plain);
  }

  async listPlannedBetween(workspaceId: string, from: Date, to: Date): Promise<Post[]> {
    const window = { scheduledAt: { $gte: from, $lt: to } };
    const days = daysBetween(from, to);
    const docs = days
      ? (
          await Promise.all(days.map((day) => this.col.find({ workspaceId, day, ...window }).toArray()))
        ).flat()
      : await this.col.find({ workspaceId, ...window }).toArray();
    return fromDocs<Post>(docs).map(plain);
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
    const items = fromDocs<Post>(docs.slice(0, query.limit)).map(plain);
    const last = items.at(-1);
    return docs.length > query.limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
  }

  async listActiveSeries(limit: number, afterId?: string): Promise<Post[]> {
    // By the `series` marker (indexed), in id order so the sweep can page through all of them.
    const filter = { series: ACTIVE, ...(afterId ? { _id: { $gt: afterId } } : {}) };
    const docs = await this.col.find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return fromDocs<Post>(docs)
      .map(plain)
      .filter((post) => isActiveSeries(post));
  }

  /**
   * Keeps the `series` marker in step with what the write left: a series stopped, or a post
   * that became or stopped being one. Not a state change: no version moves, and a newer write
   * (another version) sets its own.
   */
  private async keepSeries(doc: StoredDoc): Promise<void> {
    const should = isActiveSeries(doc as unknown as Post);
    if (should === (doc.series === ACTIVE)) return;
    const update = should ? { $set: { series: ACTIVE } } : { $unset: { series: '' } };
    await this.col.updateOne({ _id: doc._id, version: doc.version }, update);
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
    const stored = await casUpdate(this.db, 'posts', id, { ...cas, set, now });
    if (stored) await this.keepSeries(stored);
    const written = plain(fromDoc<Post>(stored));
    if (written) await this.note(workspaceId, [`p:${written.id}`]);
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
