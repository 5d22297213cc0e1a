import type { Collection, Db } from 'mongodb';
import type { OAuthClientStore } from '../core/ports/oauth-client-store.js';
import type { StoredDoc } from './documents.js';

/** `oauth_clients`: one registration per (platform, server, redirect URI); the secret is in the vault. */
export class MongoOAuthClientStore implements OAuthClientStore {
  private readonly col: Collection<StoredDoc>;

  constructor(db: Db) {
    this.col = db.collection<StoredDoc>('oauth_clients');
  }

  async get(platform: string, server: string, redirectUri: string): Promise<string | null> {
    const doc = await this.col.findOne({ _id: keyOf(platform, server, redirectUri) });
    return doc ? String(doc.clientId) : null;
  }

  async keep(
    platform: string,
    server: string,
    redirectUri: string,
    clientId: string,
    at: Date,
  ): Promise<string> {
    const _id = keyOf(platform, server, redirectUri);
    await this.col.updateOne(
      { _id },
      { $setOnInsert: { platform, server, redirectUri, clientId, registeredAt: at } },
      { upsert: true },
    );
    const kept = await this.col.findOne({ _id });
    return String(kept?.clientId ?? clientId);
  }
}

function keyOf(platform: string, server: string, redirectUri: string): string {
  return `${platform}|${server}|${redirectUri}`;
}
