import type { Db, Document } from 'mongodb';
import { isDuplicateKey, type StoredDoc } from './documents.js';

export const CAS_CLAIMS = 'cas_claims';

/**
 * Conditions a compare-and-set also requires of the stored document (its workspace, its status):
 * plain equality or `$in`, usable as a query filter and checked in code alike.
 */
export type CasGuard = Record<string, GuardValue>;

/** A guard's condition on one field: equal to a string or instant, absent (null), or one of some strings. */
type GuardValue = string | Date | null | { $in: readonly string[] };

/** A guard's condition as a claim stores it, and as a claim's write checks it (`$in`). */
type StoredValue = string | Date | null;

interface Claim {
  _id: string;
  collection: string;
  docId: string;
  version: number;
  /** The guard as stored: a document may not hold `$in` keys. */
  guard?: { field: string; in: StoredValue[] }[];
  set: Document;
  unset: string[];
  at: Date;
}

/** What a compare-and-set writes, and what it requires of the stored document. */
export interface CasOptions {
  guard?: CasGuard;
  /** The version the caller read; without it, the write applies to whatever version is stored. */
  expectedVersion?: number;
  set: Document;
  unset?: string[];
  now: Date;
}

/**
 * Compare-and-set of a versioned document: sets `set`, removes `unset` and increments `version`
 * only while `_id`, the guard and (when given) `expectedVersion` all match. Returns the updated
 * document, or null when the document is absent, at another version, refused by the guard, or
 * someone else is writing that version. One round trip on a server whose point updates are
 * atomic (MongoDB, Herald's FerretDB build); elsewhere it takes a claim first (casUpdateWithClaim).
 */
export async function casUpdate(
  db: Db,
  collection: string,
  id: string,
  opts: CasOptions,
): Promise<StoredDoc | null> {
  return (await pointUpdatesAreAtomic(db))
    ? casUpdateAtomic(db, collection, id, opts)
    : casUpdateWithClaim(db, collection, id, opts);
}

const atomicity = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether the server checks a findOneAndUpdate's filter at write time: MongoDB does (its
 * `gitVersion` is a commit hash); FerretDB 1.x does not, except Herald's build, which says so
 * in buildInfo (`heraldAtomicPointUpdates`, see local-db/ferretdb.ts). Anything else, or a
 * server that will not say, gets claims. Asked once per database handle.
 */
export function pointUpdatesAreAtomic(db: Db): Promise<boolean> {
  let answer = atomicity.get(db);
  if (!answer) {
    answer = db
      .admin()
      .command({ buildInfo: 1 })
      .then(
        (info) =>
          info.heraldAtomicPointUpdates === true ||
          (info.ferretdbVersion === undefined && /^[0-9a-f]{40}$/.test(String(info.gitVersion))),
        () => false,
      );
    atomicity.set(db, answer);
  }
  return answer;
}

/** The compare-and-set as one findOneAndUpdate, for servers whose point updates are atomic. */
export async function casUpdateAtomic(
  db: Db,
  collection: string,
  id: string,
  opts: CasOptions,
): Promise<StoredDoc | null> {
  const filter: Document = { ...guardFilter(opts.guard), _id: String(id) };
  if (opts.expectedVersion !== undefined) filter.version = opts.expectedVersion;
  // The version moves by $inc alone (a patch that carries one must not set it too).
  const { version: _ignored, ...set } = opts.set;
  const update = { ...updateDocument(set, opts.unset ?? []), $inc: { version: 1 } };
  return db.collection<StoredDoc>(collection).findOneAndUpdate(filter, update, { returnDocument: 'after' });
}

/**
 * The compare-and-set on a server whose findOneAndUpdate is "query, then UPDATE … WHERE _id"
 * (stock FerretDB 1.x): the filter is not re-checked at write time, so two concurrent
 * compare-and-sets can both win (our contract test saw 2 of 20). Inserts into a unique index are
 * atomic everywhere, so each write first inserts the claim `collection:id:version`; exactly one
 * writer per version gets it. The claim also records the update and its guard, so a writer that
 * dies between claim and write is rolled forward by the sweeper instead of leaving the document
 * stuck. With `expectedVersion` there is no read: claim, then write where `_id`, version and
 * guard still match (two round trips). Without it, the document is read first.
 */
export async function casUpdateWithClaim(
  db: Db,
  collection: string,
  id: string,
  opts: CasOptions,
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
    .findOneAndUpdate(claimFilter(claim), updateDocument(claim.set, claim.unset), {
      returnDocument: 'after',
    });
  // Nothing matched (another version, or the guard refused): free the version for others.
  if (!updated) await db.collection<Claim>(CAS_CLAIMS).deleteOne({ _id: claim._id });
  return updated;
}

function matchesGuard(doc: StoredDoc, guard: CasGuard = {}): boolean {
  return Object.entries(guard).every(([field, want]) => storedValues(want).some((v) => same(doc[field], v)));
}

/** Whether a stored field has a guard's value: null stands for absent, as in a MongoDB filter. */
function same(stored: unknown, want: StoredValue): boolean {
  if (want === null) return stored === null || stored === undefined;
  if (want instanceof Date) return stored instanceof Date && stored.getTime() === want.getTime();
  return stored === want;
}

function isSingle(want: GuardValue): want is StoredValue {
  return want === null || typeof want === 'string' || want instanceof Date;
}

function storedValues(want: GuardValue): StoredValue[] {
  return isSingle(want) ? [want] : [...want.$in];
}

function storedGuard(guard: CasGuard): { field: string; in: StoredValue[] }[] {
  return Object.entries(guard).map(([field, want]) => ({ field, in: storedValues(want) }));
}

function guardFilter(guard: CasGuard = {}): Document {
  return Object.fromEntries(
    Object.entries(guard).map(([field, want]) => [field, isSingle(want) ? want : { $in: [...want.$in] }]),
  );
}

/** Only the claimed version, and only while the guard holds: a claim never writes anything else. */
function claimFilter(claim: Claim): Document {
  const guard = Object.fromEntries((claim.guard ?? []).map((g) => [g.field, { $in: g.in }]));
  return { ...guard, _id: claim.docId, version: claim.version };
}

/** `$set` and `$unset` of an update, each only when it has fields. */
function updateDocument(set: Document, unset: string[]): Document {
  const update: Document = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
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
      .updateOne(claimFilter(claim), updateDocument(claim.set, claim.unset));
    repaired += applied.modifiedCount;
    await db.collection<Claim>(CAS_CLAIMS).deleteOne({ _id: claim._id });
  }
  return repaired;
}
