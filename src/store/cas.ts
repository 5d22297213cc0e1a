import type { Db, Document } from 'mongodb';
import { isDuplicateKey, type StoredDoc } from './documents.js';

export const CAS_CLAIMS = 'cas_claims';

interface Claim {
  _id: string;
  collection: string;
  docId: string;
  version: number;
  set: Document;
  unset: string[];
  at: Date;
}

/**
 * Compare-and-set of a versioned document that is atomic on MongoDB and on FerretDB 1.x.
 *
 * FerretDB 1.x (SQLite) runs findOneAndUpdate/updateOne as "query, then UPDATE … WHERE _id":
 * the filter is not re-checked at write time, so two concurrent compare-and-sets can both win
 * (our contract test saw 2 of 20). Inserts into a unique index are atomic everywhere, so each
 * write first inserts the claim `collection:id:version`; exactly one writer per version gets
 * it. The claim also records the update, so a writer that dies between claim and write is
 * rolled forward by the sweeper instead of leaving the document stuck.
 *
 * `accept` checks the current document (its workspace, its status) before claiming. Returns the
 * updated document, or null when the document is absent, refused by `accept`, or someone else
 * holds the claim for its version.
 */
export async function casUpdate(
  db: Db,
  collection: string,
  id: string,
  opts: {
    accept?: (doc: StoredDoc) => boolean;
    expectedVersion?: number;
    set: Document;
    unset?: string[];
    now: Date;
  },
): Promise<StoredDoc | null> {
  // `_id` alone: the only filter FerretDB 1.x answers from its primary key instead of a scan.
  const current = await db.collection<StoredDoc>(collection).findOne({ _id: String(id) });
  if (!current || (opts.accept && !opts.accept(current))) return null;
  const version = current.version as number;
  if (opts.expectedVersion !== undefined && version !== opts.expectedVersion) return null;
  const claim: Claim = {
    _id: `${collection}:${current._id}:${version}`,
    collection,
    docId: current._id,
    version,
    set: { ...opts.set, version: version + 1 },
    unset: opts.unset ?? [],
    at: opts.now,
  };
  try {
    await db.collection<Claim>(CAS_CLAIMS).insertOne(claim);
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  await apply(db, claim);
  const next: StoredDoc = { ...current, ...claim.set };
  for (const field of claim.unset) delete next[field];
  return next;
}

/** Writes a claimed update by `_id`: nobody else can hold a claim on this version. */
async function apply(db: Db, claim: Claim): Promise<void> {
  const update: Document = { $set: claim.set };
  if (claim.unset.length > 0) update.$unset = Object.fromEntries(claim.unset.map((f) => [f, '']));
  await db.collection<StoredDoc>(claim.collection).updateOne({ _id: claim.docId }, update);
}

/**
 * Claims are short-lived locks. Those older than `before` either were applied (the document
 * moved past their version) or their writer died in between: the latter are applied now, so
 * the document is not stuck. Either way the claim is then deleted — a later writer reads the
 * new version and claims that one.
 */
export async function repairClaims(db: Db, before: Date): Promise<number> {
  const stale = await db
    .collection<Claim>(CAS_CLAIMS)
    .find({ at: { $lt: before } })
    .limit(1000)
    .toArray();
  let repaired = 0;
  for (const claim of stale) {
    const doc = await db.collection<StoredDoc>(claim.collection).findOne({ _id: claim.docId });
    if (doc?.version === claim.version) {
      await apply(db, claim);
      repaired += 1;
    }
    await db.collection<Claim>(CAS_CLAIMS).deleteOne({ _id: claim._id });
  }
  return repaired;
}
