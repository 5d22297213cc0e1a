import type { Db } from 'mongodb';
import { GroupCommit } from './group-commit.js';

/**
 * How many of a workspace's latest changes its mark keeps at least (up to CUT_SLACK more between
 * two cuts): a reader further behind reads afresh.
 */
export const RECENT_CHANGES = 128;
/**
 * How far `recent` may grow past RECENT_CHANGES before a writer cuts it back. Every mark write
 * reads and rewrites the whole document, so a short list keeps each one cheap (on FerretDB a
 * mark write took 0.8–1.0 ms on average with 32, 1.1–1.4 ms with 128); the cut costs one write
 * every 32 changes.
 */
export const CUT_SLACK = 32;
const COLLECTION = 'change_marks';

/** A change to something the calendar shows: a job (`j:<id>`) or a post (`p:<id>`). */
export type ChangeKey = `j:${string}` | `p:${string}`;

/** A workspace's mark as stored. */
interface MarkDoc {
  _id: string;
  seq: number;
  recent: ChangeKey[];
}

/** A workspace's change mark: how many changes it has seen, and the latest of them, oldest first. */
export interface ChangeMark {
  seq: number;
  recent: ChangeKey[];
}

/**
 * Notes, after the write itself, that jobs or posts of a workspace changed: one point update of
 * the workspace's mark (`seq` counts the changes, `recent` keeps the latest keys). Any process
 * that caches what it read (the calendar's read side) reads the mark first and then re-reads
 * only what changed since; the order "write, then mark" and "read mark, then read" means a
 * reader may see a change twice, never miss one. One write per call, whatever the count (and
 * one more every CUT_SLACK changes or so, to cut `recent` back); calls made while the
 * workspace's mark is being written share the next write, and each returns once its keys are in.
 */
export async function noteChanges(db: Db, workspaceId: string, keys: readonly ChangeKey[]): Promise<void> {
  if (keys.length === 0) return;
  let marks = markWriters.get(db);
  if (!marks) {
    marks = new GroupCommit((ws: string, all: ChangeKey[]) => writeMark(db, ws, all));
    markWriters.set(db, marks);
  }
  // Changes noted while this workspace's mark is being written go together in the next write.
  await marks.add(workspaceId, keys);
}

/**
 * The key under which a store view carries the HeldMarks its writes' marks go to (see
 * `withMarksHeld`); a store reads it through `this`, so a view made with Object.create of any
 * layer around the store (change tracking, a test's slowed read) holds the marks of every write
 * made through it, and keeps whatever those layers do.
 */
const HELD = Symbol('heldMarks');

/** `store`, with the change marks of the writes made through it held in `marks`. */
export function withMarksHeld<S extends object>(store: S, marks: HeldMarks): S {
  return Object.assign(Object.create(store) as S, { [HELD]: marks });
}

/** Notes changes as a store write does: held when the store was reached through withMarksHeld. */
export function noteChangesOf(store: object, db: Db, workspaceId: string, keys: readonly ChangeKey[]) {
  const held = (store as { [HELD]?: HeldMarks })[HELD];
  return held ? held.note(db, workspaceId, keys) : noteChanges(db, workspaceId, keys);
}

/**
 * Change marks held back until a use case's writes are done (what the WriteScope port promises
 * use cases): stores reached through withMarksHeld note here instead of writing, and `release`
 * writes them, one mark write per workspace after all the writes. "Write, then mark" still
 * holds, since the marks go after every write they note. A note that comes after the release (a
 * write started and not awaited) is written on its own, as outside any scope.
 */
export class HeldMarks {
  private open = true;
  private readonly marks = new Map<Db, Map<string, ChangeKey[]>>();

  async note(db: Db, workspaceId: string, keys: readonly ChangeKey[]): Promise<void> {
    if (!this.open) return noteChanges(db, workspaceId, keys);
    const workspaces = this.marks.get(db) ?? new Map<string, ChangeKey[]>();
    this.marks.set(db, workspaces);
    workspaces.set(workspaceId, [...(workspaces.get(workspaceId) ?? []), ...keys]);
  }

  async release(): Promise<void> {
    this.open = false;
    const writes = [...this.marks].flatMap(([db, workspaces]) =>
      [...workspaces].map(([workspaceId, keys]) => noteChanges(db, workspaceId, keys)),
    );
    this.marks.clear();
    await Promise.all(writes);
  }
}

/** One group commit of marks per database handle (so per process and database). */
const markWriters = new WeakMap<Db, GroupCommit<string, ChangeKey>>();

async function writeMark(db: Db, workspaceId: string, keys: readonly ChangeKey[]): Promise<void> {
  const col = db.collection<MarkDoc>(COLLECTION);
  const after = await col.findOneAndUpdate(
    { _id: String(workspaceId) },
    { $inc: { seq: keys.length }, $push: { recent: { $each: [...keys] } } },
    { upsert: true, returnDocument: 'after' },
  );
  // `$push` with `$slice` is not honoured by FerretDB 1.x: the writer that finds `recent` longer
  // than needed cuts it, only if no change was noted meanwhile (no key is ever lost, and `seq`
  // keeps counting `recent`'s last entry); a concurrent one leaves the cut to the next.
  if (after && after.recent.length > RECENT_CHANGES + CUT_SLACK)
    await col.updateOne(
      { _id: after._id, seq: after.seq },
      { $set: { recent: after.recent.slice(-RECENT_CHANGES) } },
    );
}

/** The workspace's mark; `seq` 0 when nothing was ever noted. */
export async function readChangeMark(db: Db, workspaceId: string): Promise<ChangeMark> {
  const doc = await db.collection<MarkDoc>(COLLECTION).findOne({ _id: String(workspaceId) });
  return { seq: doc?.seq ?? 0, recent: doc?.recent ?? [] };
}

/**
 * The keys noted after `seen`, in order, or null when the mark no longer holds them all (the
 * reader is too far behind, or the mark went back: read everything afresh).
 */
export function changesSince(mark: ChangeMark, seen: number): ChangeKey[] | null {
  const behind = mark.seq - seen;
  if (behind < 0 || behind > mark.recent.length) return null;
  return behind === 0 ? [] : mark.recent.slice(-behind);
}
