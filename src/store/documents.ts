import type { Collection, Document } from 'mongodb';

/** Entities keep `id`; documents keep `_id`. These two helpers are the only place that maps them. */
export function toDoc<T extends { id: string }>(entity: T): Omit<T, 'id'> & { _id: string } {
  const { id, ...rest } = entity;
  return { _id: id, ...(stripUndefined(rest) as Omit<T, 'id'>) };
}

export function fromDoc<T>(doc: Document | null): T | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as T;
}

export function fromDocs<T>(docs: Document[]): T[] {
  return docs.map((d) => fromDoc<T>(d) as T);
}

/** MongoDB stores `undefined` as null; dropping it keeps documents equal to what was written. */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** E11000: a unique index refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/** Herald documents use string ids (`pst_…`), never ObjectIds. */
export type StoredDoc = Document & { _id: string };

/**
 * Reads one document by id inside a workspace. The filter is `_id` alone on purpose: FerretDB
 * 1.x uses its primary key only for a pure `_id` filter and scans the collection otherwise, so
 * the workspace is checked here instead (a foreign id reads as "not found").
 */
export async function findInWorkspace<T>(
  col: Collection<StoredDoc>,
  workspaceId: string,
  id: string,
): Promise<T | null> {
  const doc = await col.findOne({ _id: String(id) });
  return doc && doc.workspaceId === workspaceId ? fromDoc<T>(doc) : null;
}
