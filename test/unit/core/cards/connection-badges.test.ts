import { describe, expect, it } from 'vitest';
import { reconnectCard } from '../../../../src/core/cards/account-cards.js';
import { readinessBadges } from '../../../../src/core/cards/readiness.js';
import type { AccountConnection } from '../../../../src/core/domain/connection.js';
import type { Account, Post } from '../../../../src/core/domain/types.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const HOUR = 3_600_000;
const connection = (over: Partial<AccountConnection>): AccountConnection => ({
  method: 'oauth',
  status: 'connected',
  since: NOW,
  connectedAt: NOW,
  connectedBy: { kind: 'slack', id: 'U1' },
  ...over,
});
const account = (over: Partial<Account>): Account => ({
  id: 'acc_1',
  workspaceId: 'ws',
  influencerId: 'inf',
  platform: 'tiktok',
  handle: 'mia',
  timezone: 'UTC',
  credentialId: 'cred_1',
  createdAt: NOW,
  version: 1,
  ...over,
});
const post: Post = {
  id: 'pst_1',
  workspaceId: 'ws',
  accountIds: ['acc_1'],
  caption: 'Hello',
  media: [{ url: 'https://cdn.example/v.mp4', kind: 'video' }],
  scheduledAt: NOW,
  timezone: 'UTC',
  localTime: '2026-11-22T10:00',
  status: 'active',
  createdBy: { kind: 'slack', id: 'U1' },
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
};
const badges = (a: Account) => readinessBadges({ post, jobs: [], accounts: [a] }, NOW);

describe('readiness of connected accounts', () => {
  it('does not call a token Herald refreshes "expiring" (TikTok’s lasts a day)', () => {
    const refreshed = account({
      tokenExpiresAt: new Date(NOW.getTime() + 20 * HOUR),
      connection: connection({ refreshAt: new Date(NOW.getTime() + 18 * HOUR) }),
    });
    expect(badges(refreshed)).toEqual([]);
    // A pasted token with the same expiry does warn: nothing renews it.
    expect(badges(account({ tokenExpiresAt: new Date(NOW.getTime() + 20 * HOUR) }))).toEqual([
      { kind: 'token_expiring', text: '@mia: token expires 2026-11-23' },
    ]);
  });

  it('says an account needs a reconnect, and the alert offers Reconnect on that account', () => {
    const broken = account({
      connection: connection({ status: 'needs_reconnect', reason: 'TikTok refused' }),
    });
    expect(badges(broken)).toEqual([{ kind: 'token_missing', text: '@mia: needs reconnect' }]);
    const card = reconnectCard(broken, 'TikTok refused', 2);
    expect(card.actions).toEqual([
      { id: 'reconnect', label: 'Reconnect', style: 'primary', target: 'acc_1' },
    ]);
    expect(card.lines[1]).toBe('2 post jobs are held in needs attention until then; nothing is lost.');
  });

  it('says a disconnected account is not connected', () => {
    const gone = account({ credentialId: undefined, connection: connection({ status: 'disconnected' }) });
    expect(badges(gone)).toEqual([{ kind: 'token_missing', text: '@mia: not connected' }]);
  });
});
