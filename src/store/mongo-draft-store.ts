import type { Db } from 'mongodb';
import type { Draft, DraftStore } from '../core/ports/draft-store.js';
import { findInWorkspace, type StoredDoc, stripUndefined, toDoc } from './documents.js';

/** Drafts by `_id` (the one lookup FerretDB 1.x answers from an index); the workspace is checked in code. */
export class MongoDraftStore implements DraftStore {
  constructor(private readonly db: Db) {}

  async save(draft: Draft): Promise<void> {
    const doc = toDoc({ ...draft, input: stripUndefined(draft.input) });
    await this.db.collection<StoredDoc>('drafts').insertOne(doc);
  }

  get(workspaceId: string, id: string): Promise<Draft | null> {
    return findInWorkspace<Draft>(this.db.collection<StoredDoc>('drafts'), workspaceId, id);
  }
}
