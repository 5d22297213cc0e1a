import type { Collection, Db } from 'mongodb';
import type { Asset, AssetState } from '../core/domain/types.js';
import type { AssetRepository } from '../core/ports/asset-repository.js';
import type { Clock } from '../core/ports/clock.js';
import { casUpdate } from './cas.js';
import { findInWorkspace, fromDoc, fromDocs, isDuplicateKey, type StoredDoc, toDoc } from './documents.js';

export const ASSETS = 'library_assets';

export class MongoAssetRepository implements AssetRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>(ASSETS);
  }

  async insert(asset: Asset): Promise<boolean> {
    try {
      await this.col.insertOne(toDoc(asset));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async insertMany(assets: Asset[]): Promise<string[]> {
    if (assets.length === 0) return [];
    try {
      await this.col.insertMany(assets.map(toDoc), { ordered: false });
      return assets.map((a) => a.id);
    } catch (error) {
      // Unordered: every row but the duplicates went in.
      const failed = new Set(
        ((error as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((e) => e.index),
      );
      if (!isDuplicateKey(error) && failed.size === 0) throw error;
      return assets.filter((_, i) => !failed.has(i)).map((a) => a.id);
    }
  }

  get(workspaceId: string, id: string): Promise<Asset | null> {
    return findInWorkspace(this.col, workspaceId, id);
  }

  async byUrl(workspaceId: string, influencerId: string, url: string): Promise<Asset | null> {
    return fromDoc(await this.col.findOne({ workspaceId, influencerId, url }));
  }

  async list(workspaceId: string, influencerId?: string): Promise<Asset[]> {
    const docs = await this.col.find({ workspaceId, ...(influencerId ? { influencerId } : {}) }).toArray();
    return fromDocs<Asset>(docs).sort(
      (a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  async pickable(workspaceId: string, influencerId: string): Promise<Asset[]> {
    // Equalities only, one per state: FerretDB answers each in SQLite; MongoDB from the index.
    const states: AssetState[] = ['ready', 'posted'];
    const found = await Promise.all(
      states.map((state) => this.col.find({ workspaceId, influencerId, state }).toArray()),
    );
    return fromDocs<Asset>(found.flat());
  }

  async byPick(workspaceId: string, postId: string): Promise<Asset | null> {
    return fromDoc(await this.col.findOne({ workspaceId, 'pick.postId': postId }));
  }

  async update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<Asset>,
  ): Promise<Asset | null> {
    const { set, unset } = split({ ...patch, updatedAt: this.clock.now() });
    return fromDoc(
      await casUpdate(this.db, ASSETS, id, {
        guard: { workspaceId },
        expectedVersion,
        set,
        unset,
        now: this.clock.now(),
      }),
    );
  }

  async settle(
    workspaceId: string,
    id: string,
    postId: string,
    from: readonly AssetState[],
    patch: Partial<Asset>,
  ): Promise<Asset | null> {
    const { set, unset } = split({ ...patch, updatedAt: this.clock.now() });
    return fromDoc(
      await casUpdate(this.db, ASSETS, id, {
        guard: { workspaceId, 'pick.postId': postId, state: { $in: [...from] } },
        set,
        unset,
        now: this.clock.now(),
      }),
    );
  }
}

/** A patch's `undefined` fields are removed from the document, the others set. */
function split(patch: Record<string, unknown>): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}
