import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HeraldError } from '../core/errors.js';

interface SealedSecret {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Whose secret it is: bound into the GCM tag so a ciphertext copied to another account fails. */
interface SecretOwner {
  workspaceId: string;
  accountId: string;
}

/**
 * AES-256-GCM with a random 12-byte IV per encryption and the owner as additional
 * authenticated data. Keys carry ids so old ciphertexts stay readable during a rotation.
 */
export class CredentialCipher {
  private readonly keys: Map<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keys: { id: string; key: Buffer }[]) {
    const first = keys[0];
    if (!first) throw new Error('at least one credential key is required');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`credential key ${k.id} must be 32 bytes`);
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.activeKeyId = first.id;
  }

  /** Parses HERALD_CREDENTIAL_KEYS (`id:base64,id:base64`, newest first). */
  static fromSetting(setting: string): CredentialCipher {
    return new CredentialCipher(
      setting.split(',').map((pair) => {
        const [id, b64] = pair.split(':');
        return { id: id as string, key: Buffer.from(b64 as string, 'base64') };
      }),
    );
  }

  seal(plaintext: string, owner: SecretOwner): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId) as Buffer, iv);
    cipher.setAAD(aad(owner));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.activeKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Fails closed: any tampering, wrong owner or unknown key is an error, never garbage plaintext. */
  open(sealed: SealedSecret, owner: SecretOwner): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw unreadable(`it was encrypted with key "${sealed.keyId}", which is not configured`);
    try {
      const iv = Buffer.from(sealed.iv, 'base64');
      if (iv.length !== 12) throw new Error('bad iv length');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(owner));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw unreadable('it failed authentication (altered, or stored for another account)');
    }
  }
}

function aad(owner: SecretOwner): Buffer {
  return Buffer.from(`herald-credential:v1:${owner.workspaceId}:${owner.accountId}`, 'utf8');
}

function unreadable(why: string): HeraldError {
  return new HeraldError('CREDENTIAL_UNREADABLE', `The stored token cannot be used: ${why}.`, {
    hint: 'Reconnect the account with a fresh token; check HERALD_CREDENTIAL_KEYS lists every key still in use.',
  });
}
