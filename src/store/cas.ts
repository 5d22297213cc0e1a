import type { Db, Document } from 'mongodb';
import { isDuplicateKey, type StoredDoc } from './documents.js';

export const CAS_CLAIMS = 'cas_claims';

/**
 * Conditions a compare-and-set also requires of the stored document (its workspace, its status):
 * plain equality or `$in`, usable as a query filter and checked in code alike.
 */
export type CasGuard = Record<string, string | { $in: readonly string[] }>;

interface Claim {
  _id: string;
  collection: string;
  docId: string;
  version: number;
  /** The guard as stored: a document may not hold `$in` keys. */
  guard?: { field: string; in: string[] }[];
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
 * it. The claim also records the update and its guard, so a writer that dies between claim and
 * write is rolled forward by the sweeper instead of leaving the document stuck.
 *
 * With `expectedVersion` (the caller read that version) there is no read: claim, then write
 * where `_id`, version and guard still match (two round trips). Without it, the document is
 * read first to learn its version. Returns the updated document, or null when the document is
 * absent, at another version, refused by the guard, or someone else holds the claim.
 */
export async function casUpdate(
  db: Db,
  collection: string,
  id: string,
  opts: { guard?: CasGuard; expectedVersion?: number; set: Document; unset?: string[]; now: Date },
): Promise<StoredDoc | null> {
  let version = opts.expectedVersion;
  if (version === undefined) {
    // `_id` alone: the only filter FerretDB 1.x answers from its primary key instead of a scan.
    const current = await db.collection<StoredDoc>(collection).findOne({ _id: String(id) });
    if (!current || !matchesGuard(current, opts.guard)) return null;
    version = current.version as number;
  }
  const claim: Claim = {
    _id: `${collection}:${id}:${version}`,
    collection,
    docId: String(id),
    version,
    ...(opts.guard ? { guard: storedGuard(opts.guard) } : {}),
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
  const updated = await db
    .collection<StoredDoc>(collection)
    .findOneAndUpdate(claimFilter(claim), updateOf(claim), { returnDocument: 'after' });
  // Nothing matched (another version, or the guard refused): free the version for others.
  if (!updated) await db.collection<Claim>(CAS_CLAIMS).deleteOne({ _id: claim._id });
  return updated;
}

function matchesGuard(doc: StoredDoc, guard: CasGuard = {}): boolean {
  return Object.entries(guard).every(([field, want]) =>
    typeof want === 'string' ? doc[field] === want : want.$in.includes(doc[field] as string),
  );
}

function storedGuard(guard: CasGuard): { field: string; in: string[] }[] {
  return Object.entries(guard).map(([field, want]) => ({
    field,
    in: typeof want === 'string' ? [want] : [...want.$in],
  }));
}

/** Only the claimed version, and only while the guard holds: a claim never writes anything else. */
function claimFilter(claim: Claim): Document {
  const guard = Object.fromEntries((claim.guard ?? []).map((g) => [g.field, { $in: g.in }]));
  return { ...guard, _id: claim.docId, version: claim.version };
}

function updateOf(claim: Claim): Document {
  const update: Document = { $set: claim.set };
  if (claim.unset.length > 0) update.$unset = Object.fromEntries(claim.unset.map((f) => [f, '']));
  return update;
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
    const applied = await db
      .collection<StoredDoc>(claim.collection)
      .updateOne(claimFilter(claim), updateOf(claim));
    repaired += applied.modifiedCount;
    await db.collection<Claim>(CAS_CLAIMS).deleteOne({ _id: claim._id });
  }
  return repaired;
}
