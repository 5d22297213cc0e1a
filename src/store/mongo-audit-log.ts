import type { Collection, Db, Document } from 'mongodb';
import type { AuditEvent } from '../core/domain/types.js';
import type { AuditLog } from '../core/ports/audit-log.js';
import { fromDocs, isDuplicateKey, type StoredDoc, toDoc } from './documents.js';
import { GroupCommit } from './group-commit.js';

/** Append-only: this adapter has no update or delete method, by design. */
export class MongoAuditLog implements AuditLog {
  private readonly col: Collection<StoredDoc>;

  constructor(db: Db) {
    this.col = db.collection<StoredDoc>('audit_events');
  }

  /** Events appended while an insert is on its way go together in the next one (group commit). */
  private readonly inserts = new GroupCommit<'events', AuditEvent>(async (_key, events) => {
    try {
      await this.col.insertMany(events.map(toDoc), { ordered: false });
    } catch (error) {
      // An event with a derived id recorded by an earlier run of the same request: kept once
      // (unordered, the others of the batch are still inserted).
      if (!isDuplicateKey(error)) throw error;
    }
  });

  async append(...events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.inserts.add('events', events);
  }

  async list(query: {
    workspaceId: string;
    subjectId?: string;
    actorId?: string;
    limit: number;
  }): Promise<AuditEvent[]> {
    const filter: Document = { workspaceId: query.workspaceId };
    if (query.subjectId) filter['subject.id'] = String(query.subjectId);
    if (query.actorId) filter['actor.id'] = String(query.actorId);
    return fromDocs(await this.col.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).toArray());
  }
}
