import type { Collection, Db } from 'mongodb';
import type { Influencer } from '../core/domain/types.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import type { InfluencerRepository } from '../core/ports/influencer-repository.js';
import { findInWorkspace, fromDocs, type StoredDoc } from './documents.js';
import { ensureByKey } from './scoped-ensure.js';

export class MongoInfluencerRepository implements InfluencerRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    db: Db,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('influencers');
  }

  ensure(input: Omit<Influencer, 'id' | 'createdAt'>): Promise<Influencer> {
    const key = { workspaceId: input.workspaceId, handle: input.handle };
    return ensureByKey(this.col, key, { _id: this.ids.next('inf'), ...input, createdAt: this.clock.now() });
  }

  async get(workspaceId: string, id: string): Promise<Influencer | null> {
    return findInWorkspace(this.col, workspaceId, id);
  }

  async list(workspaceId: string): Promise<Influencer[]> {
    return fromDocs(await this.col.find({ workspaceId }).sort({ handle: 1 }).toArray());
  }
}
