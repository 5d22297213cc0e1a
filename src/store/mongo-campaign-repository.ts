import type { Collection, Db } from 'mongodb';
import type { Campaign } from '../core/domain/types.js';
import type { CampaignRepository } from '../core/ports/campaign-repository.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import { casUpdate } from './cas.js';
import { fromDoc, fromDocs, type StoredDoc, stripUndefined } from './documents.js';
import { PointReads } from './point-reads.js';
import { ensureByKey } from './scoped-ensure.js';

export class MongoCampaignRepository implements CampaignRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    private readonly db: Db,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('campaigns');
    this.points = new PointReads(this.col);
  }

  /** Reads by id, shared with other reads asked for meanwhile (a publish burst reads one campaign per job). */
  private readonly points: PointReads;

  ensure(input: Omit<Campaign, 'id' | 'createdAt' | 'version'>): Promise<Campaign> {
    const key = { workspaceId: input.workspaceId, name: input.name };
    return ensureByKey(this.col, key, {
      _id: this.ids.next('cmp'),
      ...input,
      createdAt: this.clock.now(),
      version: 1,
    });
  }

  async get(workspaceId: string, id: string): Promise<Campaign | null> {
    const doc = await this.points.byId(id);
    return doc && doc.workspaceId === workspaceId ? fromDoc<Campaign>(doc) : null;
  }

  async list(workspaceId: string): Promise<Campaign[]> {
    return fromDocs(await this.col.find({ workspaceId }).sort({ name: 1 }).toArray());
  }

  async withAutopilot(limit: number): Promise<Campaign[]> {
    return fromDocs(await this.col.find({ 'autopilot.enabled': true }).limit(limit).toArray());
  }

  async update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<Campaign>,
  ): Promise<Campaign | null> {
    const guard = { workspaceId };
    const set = stripUndefined(patch as Record<string, unknown>);
    return fromDoc(
      await casUpdate(this.db, 'campaigns', id, { guard, expectedVersion, set, now: this.clock.now() }),
    );
  }
}
