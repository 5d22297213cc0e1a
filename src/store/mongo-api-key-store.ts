import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import type { ApiKeyGrant, ApiKeyInfo, ApiKeyStore, ApiScope } from '../core/ports/api-key-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { StoredDoc } from './documents.js';

const hash = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Keys look like `hk_<id>_<secret>`: the id finds the row by `_id` (one primary-key read), the
 * secret is compared in constant time against its SHA-256. Only the hash is stored.
 */
export class MongoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private get col() {
    return this.db.collection<StoredDoc>('api_keys');
  }

  async create(
    workspaceId: string,
    scopes: ApiScope[],
    label: string,
  ): Promise<{ key: string; keyId: string }> {
    const keyId = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    await this.col.insertOne({
      _id: keyId,
      workspaceId,
      scopes,
      label,
      hash: hash(secret).toString('hex'),
      createdAt: this.clock.now(),
    });
    return { key: `hk_${keyId}_${secret}`, keyId };
  }

  async verify(presented: string): Promise<ApiKeyGrant | null> {
    const match = /^hk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(presented);
    if (!match) return null;
    const [, keyId, secret] = match as unknown as [string, string, string];
    const row = await this.col.findOne({ _id: keyId });
    if (!row || row.revokedAt) return null;
    const expected = Buffer.from(row.hash as string, 'hex');
    if (!timingSafeEqual(expected, hash(secret))) return null;
    return { keyId, workspaceId: row.workspaceId as string, scopes: row.scopes as ApiScope[] };
  }

  async list(workspaceId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.col.find({ workspaceId }).sort({ createdAt: 1, _id: 1 }).toArray();
    return rows.map(infoOf);
  }

  async revoke(
    keyId: string,
    at: Date,
  ): Promise<{ outcome: 'revoked' | 'already' | 'unknown'; key?: ApiKeyInfo }> {
    const row = await this.col.findOneAndUpdate(
      { _id: keyId, revokedAt: null },
      { $set: { revokedAt: at } },
      { returnDocument: 'after' },
    );
    if (row) return { outcome: 'revoked', key: infoOf(row) };
    const existing = await this.col.findOne({ _id: keyId });
    return existing ? { outcome: 'already', key: infoOf(existing) } : { outcome: 'unknown' };
  }
}

function infoOf(row: StoredDoc): ApiKeyInfo {
  return {
    keyId: row._id,
    workspaceId: row.workspaceId as string,
    scopes: row.scopes as ApiScope[],
    label: row.label as string,
    createdAt: row.createdAt as Date,
    revokedAt: (row.revokedAt as Date | undefined) ?? undefined,
  };
}
