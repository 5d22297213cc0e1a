import type { Account, Actor } from '../domain/types.js';
import type { CoreDeps } from './deps.js';

/**
 * Audits and counts one connect, refresh or disconnect. What is recorded names the account,
 * the platform and the outcome — never a token, code, verifier or password.
 */
export async function recordConnectionEvent(
  deps: Pick<CoreDeps, 'audit' | 'ids' | 'clock' | 'meter'>,
  event: {
    account: Pick<Account, 'id' | 'workspaceId' | 'platform'>;
    actor: Actor;
    action: string;
    metric: 'connect' | 'refresh' | 'disconnect';
    outcome: string;
    after?: Record<string, unknown>;
  },
): Promise<void> {
  deps.meter?.count(event.metric, event.account.platform, event.outcome);
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: event.account.workspaceId,
    at: deps.clock.now(),
    actor: event.actor,
    action: event.action,
    subject: { type: 'account', id: event.account.id },
    after: { platform: event.account.platform, outcome: event.outcome, ...event.after },
  });
}
