import { randomUUID } from 'node:crypto';
import type { Collection, Db, Document } from 'mongodb';
import { type CasOptions, casFilter, casUpdate, casUpdateDocument } from './cas.js';
import type { StoredDoc } from './documents.js';
import { GroupCommit } from './group-commit.js';

/** How many compare-and-sets one command holds at most. */
const MAX_WRITES = 100;

/** One compare-and-set waiting for its command. */
interface Write {
  id: string;
  opts: CasOptions;
  token: string;
}

/**
 * Compare-and-sets of one collection, by group commit: those asked for while one is on its way go
 * together, as one `bulkWrite` (a compare-and-set per document, atomic per document on every
 * supported server) and one read back of their documents. Each write also stores a token of its
 * own (`casToken`), so the read back tells which applied: a document carries the token only if
 * that very write matched. Alone, a write is one findOneAndUpdate as before. A second write of a
 * document already in the batch goes after it, alone, so no batch holds one document twice.
 * Under a publish burst, the outcomes of many jobs then cost two commands instead of one each.
 */
export class BatchedCas {
  private readonly writes: GroupCommit<'cas', Write, Map<string, StoredDoc | null>>;

  private readonly col: Collection<StoredDoc>;

  constructor(
    private readonly db: Db,
    private readonly collection: string,
  ) {
    this.col = db.collection<StoredDoc>(collection);
    this.writes = new GroupCommit((_key, items) => this.run(items), MAX_WRITES);
  }

  /** As `casUpdate`: the document after this write, or null when it did not apply. */
  async update(id: string, opts: CasOptions): Promise<StoredDoc | null> {
    const token = randomUUID();
    const done = await this.writes.add('cas', [{ id: String(id), opts, token }]);
    return done.get(token) ?? null;
  }

  private async run(items: Write[]): Promise<Map<string, StoredDoc | null>> {
    const done = new Map<string, StoredDoc | null>();
    const ids = new Set<string>();
    const together: Write[] = [];
    const after: Write[] = [];
    for (const item of items) {
      (ids.has(item.id) ? after : together).push(item);
      ids.add(item.id);
    }
    if (together.length === 1) {
      const [only] = together as [Write];
      done.set(only.token, await casUpdate(this.db, this.collection, only.id, only.opts));
    } else if (together.length > 1) {
      await this.col.bulkWrite(
        together.map((w) => ({
          updateOne: {
            filter: casFilter(w.id, w.opts),
            update: casUpdateDocument({ ...w.opts, set: { ...w.opts.set, casToken: w.token } }),
          },
        })),
        { ordered: false },
      );
      const docs = await this.col.find({ $or: together.map((w) => ({ _id: w.id })) }).toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      for (const w of together) {
        const doc = byId.get(w.id);
        done.set(w.token, doc?.casToken === w.token ? withoutToken(doc) : null);
      }
    }
    for (const w of after) done.set(w.token, await casUpdate(this.db, this.collection, w.id, w.opts));
    return done;
  }
}

/** A document without the token of the batched write that stored it last. */
function withoutToken<T extends Document | null>(doc: T): T {
  if (!doc) return doc;
  const { casToken: _token, ...rest } = doc;
  return rest as T;
}
