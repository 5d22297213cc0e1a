import type { Collection, Db } from 'mongodb';
import type { Credential } from '../core/domain/types.js';
import type { Clock } from '../core/ports/clock.js';
import type { CredentialVault } from '../core/ports/credential-vault.js';
import type { CredentialCipher } from '../infra/credential-cipher.js';
import type { StoredDoc } from './documents.js';

/** How long a credential read for one account version is reused, and for how many accounts. */
const RECENT_MS = 5000;
const RECENT_MAX = 2000;

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

  private readonly recent = new Map<string, { accountVersion: number; doc: Credential; until: number }>();

  async store(workspaceId: string, accountId: string, token: string): Promise<string> {
    this.recent.delete(accountId);
    const sealed = this.cipher.seal(token, { workspaceId, accountId });
    const id = credentialId(accountId);
    await this.col.updateOne(
      { _id: id },
      { $set: { workspaceId, accountId, ...sealed, createdAt: this.clock.now() } },
      { upsert: true },
    );
    this.recent.delete(accountId);
    return id;
  }

  async reveal(
    workspaceId: string,
    accountId: string,
    opts: { accountVersion?: number } = {},
  ): Promise<string | null> {
    const doc = await this.read(accountId, opts.accountVersion);
    return doc && doc.workspaceId === workspaceId ? this.cipher.open(doc, { workspaceId, accountId }) : null;
  }

  /**
   * The stored credential, still sealed. With the account's version, one read in the last few
   * seconds for that same version is reused: a burst publishing many posts of one account reads
   * its credential once. Every connect, refresh and disconnect also writes the account (a new
   * version), and this process forgets what it stores or removes at once. Only ciphertext is kept.
   */
  private async read(accountId: string, accountVersion: number | undefined): Promise<Credential | null> {
    const now = this.clock.now().getTime();
    const hit = accountVersion === undefined ? undefined : this.recent.get(accountId);
    if (hit && hit.accountVersion === accountVersion && hit.until > now) return hit.doc;
    const doc = (await this.col.findOne({ _id: credentialId(accountId) })) as unknown as Credential | null;
    if (accountVersion !== undefined && doc) {
      if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.keys().next().value as string);
      this.recent.set(accountId, { accountVersion, doc, until: now + RECENT_MS });
    }
    return doc;
  }

  async remove(workspaceId: string, accountId: string): Promise<void> {
    this.recent.delete(accountId);
    await this.col.deleteOne({ _id: credentialId(accountId), workspaceId });
    this.recent.delete(accountId);
  }

  async rotate(): Promise<{ rewritten: number; unreadable: { workspaceId: string; accountId: string }[] }> {
    this.recent.clear();
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
