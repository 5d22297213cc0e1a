import type { Collection, Filter } from 'mongodb';
import type { StoredDoc } from './documents.js';
import { GroupCommit } from './group-commit.js';

/** How many ids one read names at most. */
const MAX_IDS = 100;

/**
 * Reads documents by `_id`; reads asked for while one is on its way go together in the next one,
 * as an `$or` of `_id` equalities (FerretDB's pushdown answers that from its `_id` index; an
 * `_id: {$in}` would scan). A read is never answered by a command sent before it was asked, so
 * it sees every write its caller finished first. Under a publish burst, the job, post and
 * account reads of many jobs take a few commands instead of one each.
 */
export class PointReads {
  private readonly reads: GroupCommit<'ids', string, Map<string, StoredDoc>>;

  constructor(col: Collection<StoredDoc>) {
    this.reads = new GroupCommit(async (_key, ids) => {
      const unique = [...new Set(ids)];
      const filter: Filter<StoredDoc> =
        unique.length === 1 ? { _id: unique[0] as string } : { $or: unique.map((_id) => ({ _id })) };
      const docs = await col.find(filter).toArray();
      return new Map(docs.map((d) => [d._id, d]));
    }, MAX_IDS);
  }

  /** The document, or null; each caller gets its own copy. */
  async byId(id: string): Promise<StoredDoc | null> {
    const found = await this.reads.add('ids', [String(id)]);
    const doc = found.get(String(id));
    return doc ? structuredClone(doc) : null;
  }
}
