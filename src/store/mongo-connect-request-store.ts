import type { Collection, Db } from 'mongodb';
import type { ConnectLink, ConnectRequestStore, ConnectState } from '../core/ports/connect-request-store.js';
import type { StoredDoc } from './documents.js';

/** `connect_links` and `connect_states`, keyed by the hashes of their tokens (never the tokens). */
export class MongoConnectRequestStore implements ConnectRequestStore {
  private readonly links: Collection<StoredDoc>;
  private readonly states: Collection<StoredDoc>;

  constructor(db: Db) {
    this.links = db.collection<StoredDoc>('connect_links');
    this.states = db.collection<StoredDoc>('connect_states');
  }

  async saveLink(link: ConnectLink): Promise<void> {
    const { hash, ...rest } = link;
    await this.links.insertOne({ _id: hash, ...stripped(rest) });
  }

  useLink(hash: string, at: Date): Promise<ConnectLink | null> {
    return useOnce<ConnectLink>(this.links, hash, at);
  }

  async saveState(state: ConnectState): Promise<void> {
    const { hash, ...rest } = state;
    await this.states.insertOne({ _id: hash, ...stripped(rest) });
  }

  useState(hash: string, at: Date): Promise<ConnectState | null> {
    return useOnce<ConnectState>(this.states, hash, at);
  }
}

/** One conditional point update: of two uses of the same token, exactly one finds it unused. */
async function useOnce<T extends { hash: string }>(
  col: Collection<StoredDoc>,
  hash: string,
  at: Date,
): Promise<T | null> {
  const doc = await col.findOneAndUpdate(
    { _id: String(hash), usedAt: null },
    { $set: { usedAt: at } },
    { returnDocument: 'before' },
  );
  if (!doc) return null;
  const { _id, usedAt: _used, ...rest } = doc;
  return { hash: _id, ...rest } as unknown as T;
}

function stripped<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
