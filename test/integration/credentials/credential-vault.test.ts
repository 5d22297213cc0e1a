import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeraldError } from '../../../src/core/errors.js';
import { CredentialCipher } from '../../../src/infra/credential-cipher.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { MongoCredentialVault } from '../../../src/store/mongo-credential-vault.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

const TOKEN = 'IGQVJ-super-secret-token-0123456789';
const oldKey = { id: 'k1', key: randomBytes(32) };
const newKey = { id: 'k2', key: randomBytes(32) };
let testDb: TestDb;
let vault: MongoCredentialVault;
const credentials = () => testDb.db.collection('credentials');

beforeAll(async () => {
  testDb = await openTestDb('creds');
  vault = new MongoCredentialVault(testDb.db, new CredentialCipher([oldKey]), systemClock);
});
afterAll(async () => testDb.close());

/** Flips one bit of a base64 field of the stored credential. */
async function flip(accountId: string, field: 'ciphertext' | 'tag' | 'iv') {
  const doc = await credentials().findOne({ accountId });
  const bytes = Buffer.from(doc?.[field] as string, 'base64');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  await credentials().updateOne({ accountId }, { $set: { [field]: bytes.toString('base64') } });
}

describe('credential vault (AES-256-GCM at rest)', () => {
  it('round-trips a token and keeps no plaintext anywhere in the database', async () => {
    await vault.store('ws_1', 'acc_1', TOKEN);
    expect(await vault.reveal('ws_1', 'acc_1')).toBe(TOKEN);
    const dump = JSON.stringify(await credentials().find().toArray());
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('uses a fresh IV for each encryption', async () => {
    await vault.store('ws_1', 'acc_iv', TOKEN);
    const first = await credentials().findOne({ accountId: 'acc_iv' });
    await vault.store('ws_1', 'acc_iv', TOKEN);
    const second = await credentials().findOne({ accountId: 'acc_iv' });
    expect(second?.iv).not.toBe(first?.iv);
    expect(second?.ciphertext).not.toBe(first?.ciphertext);
  });

  it.each(['ciphertext', 'tag', 'iv'] as const)(
    'fails closed with a clear error when one bit of the %s is flipped',
    async (field) => {
      const accountId = `acc_flip_${field}`;
      await vault.store('ws_1', accountId, TOKEN);
      await flip(accountId, field);
      const error = await vault.reveal('ws_1', accountId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HeraldError);
      expect(error).toMatchObject({ code: 'CREDENTIAL_UNREADABLE' });
      expect((error as Error).message).toMatch(/failed authentication/);
      expect((error as Error).message).not.toContain(TOKEN);
    },
  );

  it('refuses a ciphertext copied onto another account', async () => {
    await vault.store('ws_1', 'acc_victim', TOKEN);
    await vault.store('ws_1', 'acc_thief', 'placeholder');
    const { keyId, iv, tag, ciphertext } = (await credentials().findOne({ accountId: 'acc_victim' }))!;
    await credentials().updateOne({ accountId: 'acc_thief' }, { $set: { keyId, iv, tag, ciphertext } });
    await expect(vault.reveal('ws_1', 'acc_thief')).rejects.toMatchObject({ code: 'CREDENTIAL_UNREADABLE' });
    expect(await vault.reveal('ws_1', 'acc_victim')).toBe(TOKEN);
  });

  it('rotates every readable credential to the newest key and reports the unreadable ones instead of stopping', async () => {
    await vault.store('ws_2', 'acc_rot', TOKEN);
    const during = new MongoCredentialVault(testDb.db, new CredentialCipher([newKey, oldKey]), systemClock);
    const report = await during.rotate();
    expect(report.rewritten).toBeGreaterThanOrEqual(2);
    expect(report.unreadable.map((o) => o.accountId).sort()).toEqual([
      'acc_flip_ciphertext',
      'acc_flip_iv',
      'acc_flip_tag',
      'acc_thief',
    ]);
    const leftOnOldKey = await credentials()
      .find({ keyId: 'k1' })
      .map((d) => d.accountId)
      .toArray();
    expect(leftOnOldKey.sort()).toEqual(report.unreadable.map((o) => o.accountId).sort());
    const after = new MongoCredentialVault(testDb.db, new CredentialCipher([newKey]), systemClock);
    expect(await after.reveal('ws_2', 'acc_rot')).toBe(TOKEN);
    await expect(vault.reveal('ws_2', 'acc_rot')).rejects.toMatchObject({ code: 'CREDENTIAL_UNREADABLE' });
  });

  it('reuses a read for the same account version for a few seconds, and reads afresh for a new version, a store or after the time', async () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const clock = { now: () => new Date(now) };
    const cached = new MongoCredentialVault(testDb.db, new CredentialCipher([oldKey]), clock);
    const other = new MongoCredentialVault(testDb.db, new CredentialCipher([oldKey]), clock);
    await cached.store('ws_3', 'acc_burst', 'token-1');
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 4 })).toBe('token-1');
    // Another process replaces the token without (yet) a new account version: seen after 5 s.
    await other.store('ws_3', 'acc_burst', 'token-2');
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 4 })).toBe('token-1');
    expect(await cached.reveal('ws_3', 'acc_burst')).toBe('token-2');
    // The account was written (refresh, reconnect): a new version reads the stored token.
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 5 })).toBe('token-2');
    await other.store('ws_3', 'acc_burst', 'token-3');
    now += 5_001;
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 5 })).toBe('token-3');
    // What this process stores or removes is seen at once.
    await cached.store('ws_3', 'acc_burst', 'token-4');
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 5 })).toBe('token-4');
    await cached.remove('ws_3', 'acc_burst');
    expect(await cached.reveal('ws_3', 'acc_burst', { accountVersion: 5 })).toBeNull();
  });

  it('says nothing is stored (null) for an account without a token', async () => {
    expect(await vault.reveal('ws_1', 'acc_none')).toBeNull();
  });
});
