import { randomBytes } from 'node:crypto';
import type { Account } from '../../src/core/domain/types.js';
import type { Clock } from '../../src/core/ports/clock.js';
import { CredentialCipher } from '../../src/infra/credential-cipher.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { WebhookPublisher } from '../../src/publishers/webhook.js';
import { MongoCredentialVault } from '../../src/store/mongo-credential-vault.js';
import { type FakeWebhook, LOCAL_FAKES } from './fakes/index.js';
import type { Harness } from './harness.js';

/**
 * A webhook account on the harness workspace whose signing secret is stored encrypted, and the
 * vault and publisher a worker needs to publish to the fake (`compose` for startTestWorker).
 */
export async function webhookAccount(
  h: Harness,
  webhook: FakeWebhook,
  secret: string,
  handle = 'hook',
  clock: Clock = systemClock,
) {
  const vault = new MongoCredentialVault(
    h.testDb.db,
    new CredentialCipher([{ id: 'k', key: randomBytes(32) }]),
    clock,
  );
  const influencer = await h.deps.influencers.ensure({
    workspaceId: h.workspace.id,
    handle,
    displayName: handle,
  });
  const account: Account = await h.deps.accounts.ensure({
    workspaceId: h.workspace.id,
    influencerId: influencer.id,
    platform: 'webhook',
    handle,
    timezone: 'UTC',
  });
  await vault.store(h.workspace.id, account.id, secret);
  const compose = {
    vault,
    publishers: {
      webhook: new WebhookPublisher({
        baseUrl: webhook.endpoint,
        timeoutMs: 30_000,
        fetchPolicy: LOCAL_FAKES,
      }),
    },
  };
  return { account, compose };
}
