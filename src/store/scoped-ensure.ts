import type { Collection, Document, Filter } from 'mongodb';
import { fromDoc, isDuplicateKey, type StoredDoc, stripUndefined } from './documents.js';

/**
 * Insert-if-absent on a natural key, safe under concurrent callers: the unique index on `key`
 * decides, and everyone reads back the single winning row. A plain insert rather than an
 * upsert with $setOnInsert: FerretDB 1.x drops empty arrays from $setOnInsert (a campaign
 * created with `approvers: []` came back without the field).
 */
export async function ensureByKey<T>(
  col: Collection<StoredDoc>,
  key: Filter<StoredDoc>,
  doc: Document,
): Promise<T> {
  try {
    await col.insertOne(stripUndefined(doc) as StoredDoc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return fromDoc<T>(await col.findOne(key)) as T;
}
