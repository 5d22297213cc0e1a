import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction } from '../../../../src/core/cards/card.js';
import { decidedCard, postCard } from '../../../../src/core/cards/cards.js';
import { readinessBadges } from '../../../../src/core/cards/readiness.js';
import type { Account, Post, PublishJob } from '../../../../src/core/domain/types.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const account = (over: Partial<Account> = {}): Account => ({
  id: 'acc_1',
  workspaceId: 'ws',
  influencerId: 'inf',
  platform: 'instagram',
  handle: 'mia',
  timezone: 'Europe/Paris',
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
  media: [],
  scheduledAt: new Date('2026-11-23T08:00:00Z'),
  timezone: 'Europe/Paris',
  localTime: '2026-11-23T09:00',
  status: 'active',
  createdBy: { kind: 'slack', id: 'U1' },
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
};
const job = (over: Partial<PublishJob>): PublishJob => ({
  id: 'job_1',
  workspaceId: 'ws',
  postId: 'pst_1',
  accountId: 'acc_1',
  platform: 'instagram',
  occurrenceAt: post.scheduledAt,
  status: 'scheduled',
  attemptCount: 0,
  failureCount: 0,
  nextAttemptAt: post.scheduledAt,
  idempotencyKey: 'k',
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
  ...over,
});

describe('readiness badges (SPEC §7)', () => {
  it('flags missing media where the platform needs it, and a token expiring within 7 days', () => {
    const view = {
      post,
      jobs: [job({})],
      accounts: [account({ tokenExpiresAt: new Date('2026-11-25T00:00:00Z') })],
    };
    expect(readinessBadges(view, NOW).map((b) => b.kind)).toEqual([
      'missing_media',
      'token_expiring',
      'scheduled',
    ]);
  });

  it('says "not connected" without a credential and "expired" after expiry; dryrun needs neither', () => {
    expect(
      readinessBadges({ post, jobs: [], accounts: [account({ credentialId: undefined })] }, NOW)[1]?.text,
    ).toBe('@mia: not connected');
    const expired = account({ tokenExpiresAt: new Date('2026-11-01T00:00:00Z') });
    expect(readinessBadges({ post, jobs: [], accounts: [expired] }, NOW)[1]?.text).toBe(
      '@mia: token expired',
    );
    const dry = account({ platform: 'dryrun', credentialId: undefined });
    expect(readinessBadges({ post, jobs: [], accounts: [dry] }, NOW)).toEqual([]);
  });

  it('shows retrying n/3, awaiting approval, failed and published with its link', () => {
    const accounts = [account({ platform: 'dryrun' })];
    const kinds = (j: Partial<PublishJob>) => readinessBadges({ post, jobs: [job(j)], accounts }, NOW);
    expect(kinds({ status: 'retry_wait', failureCount: 2 })[0]?.text).toBe('retrying (2/3)');
    expect(kinds({ status: 'awaiting_approval' })[0]?.kind).toBe('awaiting_approval');
    expect(kinds({ status: 'failed' })[0]?.kind).toBe('failed');
    expect(kinds({ status: 'published', platformUrl: 'https://x/1' })[0]).toEqual({
      kind: 'published',
      text: 'published',
      url: 'https://x/1',
    });
  });
});

describe('cards', () => {
  it('an approval card offers Approve / Reject / Edit time; after a decision the buttons are gone and the decider shown', () => {
    const card = postCard(
      { post, jobs: [job({ status: 'awaiting_approval' })], accounts: [account()] },
      { kind: 'approval' },
      NOW,
    );
    expect(card.actions.map((a) => a.id)).toEqual(['approve', 'reject', 'edit_time']);
    expect(card.fields.find((f) => f.label === 'When')?.value).toBe(
      '2026-11-23 09:00 Europe/Paris (2026-11-23 08:00 UTC)',
    );
    const decided = decidedCard(card, 'Approved', { kind: 'discord', id: '42' }, NOW);
    expect(decided.actions).toEqual([]);
    expect(decided.footer).toBe('Approved by <@42> at 2026-11-22 10:00 UTC');
  });

  it('button ids round-trip, fit Discord custom_id, and anything else decodes to null', () => {
    const id = encodeAction('approve', 'pst_abcdefghijklmnopqrstu');
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeAction(id)).toEqual({ id: 'approve', target: 'pst_abcdefghijklmnopqrstu' });
    for (const bad of [
      'herald:drop_table:pst_1',
      'herald:approve:{"$gt":""}',
      'other:approve:pst_1',
      'herald:approve:',
    ])
      expect(decodeAction(bad)).toBeNull();
  });
});
