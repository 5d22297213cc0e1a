import { randomUUID } from 'node:crypto';
import type { Db, Filter } from 'mongodb';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
  IdempotentResponse,
} from '../core/ports/idempotency-store.js';
import { isDuplicateKey } from './documents.js';

interface IdempotencyDoc {
  _id: string;
  bodyHash: string;
  state: 'pending' | 'done';
  /** When the current owner claimed the key. */
  at: Date;
  leaseUntil?: Date;
  owner?: string;
  status?: number;
  payload?: string;
}

/** Claims written before leases existed carry neither owner nor lease: they count as claimed for this long. */
const UNLEASED_CLAIM_MS = 30_000;

/** One document per (workspace, route, key) in `idempotency_keys`: the `_id` unique index decides who claims. */
export class MongoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<IdempotencyDoc>('idempotency_keys');
  }

  async claim(key: string, bodyHash: string, lease: { now: Date; until: Date }): Promise<IdempotencyClaim> {
    // A record released (after a server error) between our insert and our read is claimed again.
    for (let tries = 0; tries < 3; tries += 1) {
      const owner = randomUUID();
      try {
        await this.col.insertOne({
          _id: key,
          bodyHash,
          state: 'pending',
          at: lease.now,
          leaseUntil: lease.until,
          owner,
        });
        return { claimed: true, owner };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const doc = await this.col.findOne({ _id: key });
      if (doc) return { claimed: false, record: toRecord(doc) };
    }
    throw new Error(`Idempotency-Key record ${key} was released three times while being claimed`);
  }

  async takeOver(
    key: string,
    stale: IdempotencyRecord,
    lease: { now: Date; until: Date },
  ): Promise<string | null> {
    const owner = randomUUID();
    const filter: Filter<IdempotencyDoc> = {
      _id: key,
      state: 'pending',
      owner: stale.owner === '' ? { $exists: false } : stale.owner,
    };
    const taken = await this.col.updateOne(filter, {
      $set: { at: lease.now, leaseUntil: lease.until, owner },
    });
    return taken.modifiedCount === 1 ? owner : null;
  }

  async complete(key: string, owner: string, response: IdempotentResponse): Promise<void> {
    await this.col.updateOne(
      { _id: key, owner },
      { $set: { state: 'done', status: response.status, payload: response.payload } },
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.col.deleteOne({ _id: key, owner });
  }
}

/** An unleased claim has no owner; `''` stands for "no owner" in takeOver's compare-and-set. */
function toRecord(doc: IdempotencyDoc): IdempotencyRecord {
  return {
    bodyHash: doc.bodyHash,
    owner: doc.owner ?? '',
    leaseUntil: doc.leaseUntil ?? new Date(doc.at.getTime() + UNLEASED_CLAIM_MS),
    ...(doc.state === 'done' ? { response: { status: doc.status ?? 200, payload: doc.payload ?? '' } } : {}),
  };
}
