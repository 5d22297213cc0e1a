import type { Collection, Document, Filter } from 'mongodb';
import { fromDoc, isDuplicateKey, type StoredDoc, stripUndefined } from './documents.js';

/**
 * Insert-if-absent on a natural key, safe under concurrent callers: the unique index decides,
 * and everyone reads back the single winning row.
 */
export async function ensureByKey<T>(
  col: Collection<StoredDoc>,
  key: Filter<StoredDoc>,
  doc: Document,
): Promise<T> {
  try {
    await col.updateOne(key, { $setOnInsert: stripUndefined(doc) }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return fromDoc<T>(await col.findOne(key)) as T;
}
