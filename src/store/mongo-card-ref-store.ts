import type { Db } from 'mongodb';
import type { CardRef, CardRefStore } from '../core/ports/card-ref-store.js';
import type { StoredDoc } from './documents.js';

/** One document per posted card with buttons on a post, found again by the post's id. */
export class MongoCardRefStore implements CardRefStore {
  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<StoredDoc>('chat_cards');
  }

  async remember(ref: CardRef, at: Date): Promise<void> {
    await this.col.updateOne(
      { _id: `${ref.channel}:${ref.messageId}` },
      { $set: { ...ref, at } },
      { upsert: true },
    );
  }

  async forget(refs: CardRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.col.deleteMany({ _id: { $in: refs.map((r) => `${r.channel}:${r.messageId}`) } });
  }

  async forPost(workspaceId: string, postId: string): Promise<CardRef[]> {
    const rows = await this.col.find({ postId, workspaceId }).sort({ at: 1 }).toArray();
    return rows.map((r) => ({
      workspaceId,
      postId,
      channel: r.channel as string,
      messageId: r.messageId as string,
    }));
  }
}
