import { describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../../../src/bots/console/console-notifier.js';
import type { PublishJob } from '../../../../src/core/domain/types.js';

const expiresAt = new Date('2026-12-01T00:00:00Z');
const job = { id: 'job_1', postId: 'pst_1', platform: 'dryrun', nextAttemptAt: expiresAt } as PublishJob;

describe('console notifier', () => {
  it('prints a sweep alert that a failing chat surface got retried only once', async () => {
    const lines: string[] = [];
    const terminal = new ConsoleNotifier((line) => lines.push(line));
    const token = { type: 'token_expiring', workspaceId: 'w', accountId: 'acc_1', expiresAt } as const;
    await terminal.notify('w', token);
    await terminal.notify('w', token);
    await terminal.notify('w', { type: 'approval_expiring', job });
    await terminal.notify('w', { type: 'approval_expiring', job });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('acc_1');
    expect(lines[1]).toContain('pst_1');
  });

  it('prints the alert again for a new event: a renewed token, a rescheduled job, every publish', async () => {
    const lines: string[] = [];
    const terminal = new ConsoleNotifier((line) => lines.push(line));
    await terminal.notify('w', { type: 'token_expiring', workspaceId: 'w', accountId: 'acc_1', expiresAt });
    const later = new Date(expiresAt.getTime() + 86_400_000);
    await terminal.notify('w', {
      type: 'token_expiring',
      workspaceId: 'w',
      accountId: 'acc_1',
      expiresAt: later,
    });
    await terminal.notify('w', { type: 'approval_expiring', job: { ...job, nextAttemptAt: later } });
    await terminal.notify('w', { type: 'published', job });
    await terminal.notify('w', { type: 'published', job });
    expect(lines).toHaveLength(5);
  });
});
