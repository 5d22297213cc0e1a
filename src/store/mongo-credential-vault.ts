import type { Collection, Db } from 'mongodb';
import type { Credential } from '../core/domain/types.js';
import type { Clock } from '../core/ports/clock.js';
import type { CredentialVault } from '../core/ports/credential-vault.js';
import type { CredentialCipher } from '../infra/credential-cipher.js';
import type { StoredDoc } from './documents.js';

/** Credentials in `credentials`, one per account, only ever as ciphertext. */
export class MongoCredentialVault implements CredentialVault {
  private readonly col: Collection<StoredDoc>;

  constructor(
    db: Db,
    private readonly cipher: CredentialCipher,
    private readonly clock: Clock,
  ) {
    this.col = db.collection<StoredDoc>('credentials');
  }

  async store(workspaceId: string, accountId: string, token: string): Promise<string> {
    const sealed = this.cipher.seal(token, { workspaceId, accountId });
    const id = credentialId(accountId);
    await this.col.updateOne(
      { _id: id },
      { $set: { workspaceId, accountId, ...sealed, createdAt: this.clock.now() } },
      { upsert: true },
    );
    return id;
  }

  async reveal(workspaceId: string, accountId: string): Promise<string | null> {
    const doc = (await this.col.findOne({ _id: credentialId(accountId) })) as unknown as Credential | null;
    return doc && doc.workspaceId === workspaceId ? this.cipher.open(doc, { workspaceId, accountId }) : null;
  }

  async remove(workspaceId: string, accountId: string): Promise<void> {
    await this.col.deleteOne({ _id: credentialId(accountId), workspaceId });
  }

  async rotate(): Promise<{ rewritten: number; unreadable: { workspaceId: string; accountId: string }[] }> {
    let rewritten = 0;
    const unreadable: { workspaceId: string; accountId: string }[] = [];
    for await (const doc of this.col.find({ keyId: { $ne: this.cipher.activeKeyId } })) {
      const owner = { workspaceId: doc.workspaceId as string, accountId: doc.accountId as string };
      let plaintext: string;
      try {
        plaintext = this.cipher.open(doc as unknown as Credential, owner);
      } catch {
        unreadable.push(owner);
        continue;
      }
      await this.col.updateOne(
        { _id: doc._id, keyId: doc.keyId },
        { $set: this.cipher.seal(plaintext, owner) },
      );
      rewritten += 1;
    }
    return { rewritten, unreadable };
  }
}

/** One credential per account, keyed by it: lookups hit the primary key (FerretDB scans otherwise). */
function credentialId(accountId: string): string {
  return `cred_${accountId}`;
}
