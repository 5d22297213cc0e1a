import type { Collection, Db } from 'mongodb';
import type { LoginLink, WebSession, WebSessionStore } from '../core/ports/web-session-store.js';
import type { StoredDoc } from './documents.js';

/** `login_links` and `web_sessions`, keyed by the tokens' hashes. */
export class MongoWebSessionStore implements WebSessionStore {
  private readonly links: Collection<StoredDoc>;
  private readonly sessions: Collection<StoredDoc>;

  constructor(db: Db) {
    this.links = db.collection<StoredDoc>('login_links');
    this.sessions = db.collection<StoredDoc>('web_sessions');
  }

  async saveLink(link: LoginLink): Promise<void> {
    const { hash, ...rest } = link;
    await this.links.insertOne({ _id: hash, ...rest });
  }

  async useLink(hash: string, at: Date): Promise<LoginLink | null> {
    // One conditional point update: of two opens of the same link, one finds it unused.
    const doc = await this.links.findOneAndUpdate(
      { _id: String(hash), usedAt: null },
      { $set: { usedAt: at } },
      { returnDocument: 'before' },
    );
    if (!doc) return null;
    const { _id, usedAt: _used, ...rest } = doc;
    return { hash: _id, ...(rest as Omit<LoginLink, 'hash'>) };
  }

  async saveSession(session: WebSession): Promise<void> {
    const { hash, ...rest } = session;
    await this.sessions.insertOne({ _id: hash, ...rest });
  }

  async getSession(hash: string): Promise<WebSession | null> {
    const doc = await this.sessions.findOne({ _id: String(hash) });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { hash: _id, ...(rest as Omit<WebSession, 'hash'>) };
  }
}
