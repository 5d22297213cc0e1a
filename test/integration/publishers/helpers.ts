import { expect } from 'vitest';
import type { Account, Platform } from '../../../src/core/domain/types.js';
import { PublishError, type PublishErrorKind } from '../../../src/core/ports/publisher.js';

export { LOCAL_FAKES } from '../../support/fakes/index.js';

/** An account as the store would hand it to a publisher. */
export function testAccount(
  platform: Platform,
  overrides: Partial<Account> & Record<string, unknown> = {},
): Account {
  return {
    id: `acc-${platform}`,
    workspaceId: 'ws-test',
    influencerId: 'inf-mia',
    platform,
    handle: 'mia',
    timezone: 'Europe/Paris',
    credentialId: 'cred-1',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    version: 1,
    ...overrides,
  };
}

/** Awaits a rejection and checks it is a PublishError of the given kind (and code), never leaking secrets. */
export async function expectPublishError(
  promise: Promise<unknown>,
  expected: { kind: PublishErrorKind; code?: string; retryAfterMs?: number },
  secrets: readonly string[] = [],
): Promise<PublishError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a PublishError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PublishError);
  const publishError = err as PublishError;
  expect({ kind: publishError.kind, code: publishError.code }).toEqual({
    kind: expected.kind,
    code: expected.code ?? publishError.code,
  });
  if (expected.retryAfterMs !== undefined) expect(publishError.opts.retryAfterMs).toBe(expected.retryAfterMs);
  for (const secret of secrets) expect(publishError.message).not.toContain(secret);
  return publishError;
}
