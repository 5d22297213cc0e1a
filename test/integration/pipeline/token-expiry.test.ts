import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { sweep } from '../../../src/jobs/sweep.js';
import { createHarness, type Harness } from '../../support/harness.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('token expiry alerts', () => {
  it('alerts once per account and expiry date for tokens expiring within 7 days, however often workers sweep', async () => {
    const clock = new ManualClock(NOW);
    h = await createHarness({ label: 'tokens', clock });
    const accounts = h.testDb.db.collection('accounts');
    const add = async (handle: string, expiresInDays: number) => {
      const a = await h!.deps.accounts.ensure({
        workspaceId: h!.workspace.id,
        influencerId: 'inf',
        platform: 'instagram',
        handle,
        timezone: 'UTC',
      });
      await accounts.updateOne(
        { _id: a.id as never },
        { $set: { tokenExpiresAt: new Date(NOW.getTime() + expiresInDays * DAY) } },
      );
      return a;
    };
    const soon = await add('soon', 3);
    await add('later', 30);
    const run = () => sweep(h!.deps, { staleMs: 60_000, logger: pino({ level: 'silent' }) });
    await Promise.all([run(), run(), run()]);
    const alerts = h.notifier.ofType('token_expiring');
    expect(alerts.map((a) => a.notification.type === 'token_expiring' && a.notification.accountId)).toEqual([
      soon.id,
    ]);
    await accounts.updateOne(
      { _id: soon.id as never },
      { $set: { tokenExpiresAt: new Date(NOW.getTime() + 5 * DAY) } },
    );
    await run();
    expect(h.notifier.ofType('token_expiring')).toHaveLength(2);
  });
});
