import type { Db, Document } from 'mongodb';
import type { StoredDoc } from './documents.js';

/**
 * Conditions a compare-and-set also requires of the stored document (its workspace, its status):
 * plain equality or `$in`, usable as a query filter and checked in code alike.
 */
export type CasGuard = Record<string, GuardValue>;

/** A guard's condition on one field: equal to a string or instant, absent (null), or one of some strings. */
type GuardValue = string | Date | null | { $in: readonly string[] };

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
 * document, or null when the document is absent, at another version or refused by the guard.
 * One findOneAndUpdate: every server Herald runs on checks its filter as it writes
 * (supported-server.ts), so of concurrent writers of one version exactly one wins.
 */
export async function casUpdate(
  db: Db,
  collection: string,
  id: string,
  opts: CasOptions,
): Promise<StoredDoc | null> {
  return db
    .collection<StoredDoc>(collection)
    .findOneAndUpdate(casFilter(id, opts), casUpdateDocument(opts), { returnDocument: 'after' });
}

/** What a compare-and-set requires of the stored document: its `_id`, the guard, the version read. */
export function casFilter(id: string, opts: Pick<CasOptions, 'guard' | 'expectedVersion'>): Document {
  const filter: Document = { ...guardFilter(opts.guard), _id: String(id) };
  if (opts.expectedVersion !== undefined) filter.version = opts.expectedVersion;
  return filter;
}

/** What a compare-and-set writes: `set`, `unset`, and the version moved on by one. */
export function casUpdateDocument(opts: Pick<CasOptions, 'set' | 'unset'>): Document {
  // The version moves by $inc alone (a patch that carries one must not set it too).
  const { version: _ignored, ...set } = opts.set;
  return { ...updateDocument(set, opts.unset ?? []), $inc: { version: 1 } };
}

const atomicity = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether the server checks a findOneAndUpdate's filter at write time: MongoDB does (its
 * `gitVersion` is a commit hash); FerretDB 1.x does not, except Herald's build, which says so
 * in buildInfo (`heraldAtomicPointUpdates`, see src/local-db/ferretdb-patches.ts). Herald refuses
 * to start on a server that does not (supported-server.ts). Asked once per database handle.
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

function isSingle(want: GuardValue): want is string | Date | null {
  return want === null || typeof want === 'string' || want instanceof Date;
}

function guardFilter(guard: CasGuard = {}): Document {
  return Object.fromEntries(
    Object.entries(guard).map(([field, want]) => [field, isSingle(want) ? want : { $in: [...want.$in] }]),
  );
}

/** `$set` and `$unset` of an update, each only when it has fields. */
function updateDocument(set: Document, unset: string[]): Document {
  const update: Document = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
  return update;
}
