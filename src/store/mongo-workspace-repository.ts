import type { Collection, Db } from 'mongodb';
import type { Workspace, WorkspaceKind } from '../core/domain/types.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import type { WorkspaceRepository } from '../core/ports/workspace-repository.js';
import { fromDoc, type StoredDoc, stripUndefined } from './documents.js';
import { ensureByKey } from './scoped-ensure.js';

export class MongoWorkspaceRepository implements WorkspaceRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(
    db: Db,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('workspaces');
  }

  async ensure(input: Omit<Workspace, 'id' | 'createdAt'>): Promise<Workspace> {
    const key = { kind: input.kind, externalId: input.externalId };
    const doc = { _id: this.ids.next('ws'), ...input, createdAt: this.clock.now() };
    return ensureByKey<Workspace>(this.col, key, doc);
  }

  async get(id: string): Promise<Workspace | null> {
    return fromDoc<Workspace>(await this.col.findOne({ _id: String(id) }));
  }

  async findByExternalId(kind: WorkspaceKind, externalId: string): Promise<Workspace | null> {
    return fromDoc<Workspace>(await this.col.findOne({ kind, externalId: String(externalId) }));
  }

  async update(
    id: string,
    patch: Partial<Pick<Workspace, 'timezone' | 'alertsChannel' | 'defaultCampaignId' | 'name'>>,
  ): Promise<Workspace | null> {
    const doc = await this.col.findOneAndUpdate(
      { _id: String(id) },
      { $set: stripUndefined(patch) },
      { returnDocument: 'after' },
    );
    return fromDoc<Workspace>(doc);
  }
}
