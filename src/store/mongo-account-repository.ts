import type { Collection, Db, Document } from 'mongodb';
import type { Account, Platform } from '../core/domain/types.js';
import type { AccountRepository } from '../core/ports/account-repository.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import { casUpdate } from './cas.js';
import { fromDoc, fromDocs, type StoredDoc, stripUndefined } from './documents.js';
import { PointReads } from './point-reads.js';
import { ensureByKey } from './scoped-ensure.js';

export class MongoAccountRepository implements AccountRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    private readonly db: Db,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('accounts');
    this.points = new PointReads(this.col);
  }

  /** Reads of one account, shared with other reads of accounts asked for meanwhile. */
  private readonly points: PointReads;

  ensure(input: Omit<Account, 'id' | 'createdAt' | 'version'>): Promise<Account> {
    const key = { workspaceId: input.workspaceId, platform: input.platform, handle: input.handle };
    return ensureByKey(this.col, key, {
      _id: this.ids.next('acc'),
      ...input,
      createdAt: this.clock.now(),
      version: 1,
    });
  }

  async get(workspaceId: string, id: string): Promise<Account | null> {
    const doc = await this.points.byId(id);
    return doc && doc.workspaceId === workspaceId ? fromDoc<Account>(doc) : null;
  }

  async getMany(workspaceId: string, ids: string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    return fromDocs(await this.col.find({ workspaceId, _id: { $in: ids.map(String) } }).toArray());
  }

  async findByHandle(workspaceId: string, handle: string, platform?: Platform): Promise<Account[]> {
    const filter: Document = { workspaceId, handle: String(handle) };
    if (platform) filter.platform = String(platform);
    return fromDocs(await this.col.find(filter).toArray());
  }

  async listTokensExpiringBefore(date: Date): Promise<Account[]> {
    return fromDocs(
      await this.col
        // Connected accounts are refreshed, or alerted when they must be reconnected: only pasted tokens warn.
        .find({ tokenExpiresAt: { $lt: date }, connection: null })
        .limit(1000)
        .toArray(),
    );
  }

  async list(workspaceId: string): Promise<Account[]> {
    return fromDocs(await this.col.find({ workspaceId }).sort({ handle: 1, platform: 1 }).toArray());
  }

  async listRefreshDue(now: Date, limit: number): Promise<Account[]> {
    const due = fromDocs<Account>(
      await this.col
        .find({ 'connection.status': 'connected', 'connection.refreshAt': { $lte: now } })
        .sort({ 'connection.refreshAt': 1 })
        .limit(limit)
        .toArray(),
    );
    return due.filter((a) => !a.connection?.refreshing || a.connection.refreshing.until <= now);
  }

  async update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<Account>,
    unset: readonly string[] = [],
  ): Promise<Account | null> {
    const guard = { workspaceId };
    const set = stripUndefined(patch as Record<string, unknown>);
    if (set.connection) set.connection = stripUndefined(set.connection as Record<string, unknown>);
    return fromDoc(
      await casUpdate(this.db, 'accounts', id, {
        guard,
        expectedVersion,
        set,
        unset: [...unset],
        now: this.clock.now(),
      }),
    );
  }
}
