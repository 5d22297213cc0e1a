import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCore } from '../../../src/compose.js';
import type { Account } from '../../../src/core/domain/types.js';
import type { CoreDeps } from '../../../src/core/use-cases/deps.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { CredentialCipher } from '../../../src/infra/credential-cipher.js';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { createPublishers } from '../../../src/publishers/index.js';
import { MongoCredentialVault } from '../../../src/store/mongo-credential-vault.js';
import { createHarness, type Harness, RecordingQueue } from '../../support/harness.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { type InternalService, METRICS_TEXT, startInternalService } from './internal-service.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const MINUTE = 60_000;
const SECRET = 'whsec-guard';

let h: Harness;
let clock: ManualClock;
let service: InternalService;

beforeEach(async () => {
  clock = new ManualClock(T0);
  service = await startInternalService();
  h = await createHarness({
    label: 'fetchguard',
    clock,
    // Nothing allowlisted: what the guard refuses is the point here.
    fetchPolicy: {},
    publishers: createPublishers({ webhook: { baseUrl: service.url('/hooks/herald'), timeoutMs: 2_000 } }),
  });
});
afterEach(async () => {
  await service.close();
  await h.close();
});

/** Schedules one post on `account` with `mediaUrls`, lets its time come, and runs the job once. */
async function publishOnce(deps: CoreDeps, account: Account, mediaUrls: string[]) {
  const { jobs } = await schedulePost(deps, {
    workspaceId: h.workspace.id,
    actor: h.actor,
    accountIds: [account.id],
    caption: 'Launch day',
    media: mediaUrls.map((url) => ({ url, kind: 'image' as const })),
    scheduledAt: new Date(clock.now().getTime() + MINUTE),
    timezone: 'UTC',
    localTime: 'x',
  });
  clock.advance(MINUTE);
  const run = await runPublishJob(deps, { jobId: jobs[0]!.id, workerId: 'w1' });
  const job = await deps.jobs.get(h.workspace.id, jobs[0]!.id);
  const attempts = await deps.attempts.listByJob(h.workspace.id, jobs[0]!.id);
  return { run, job, attempts };
}

describe('preflight refuses media inside the network', () => {
  it('sends a post whose media is on 127.0.0.1 to needs_attention, without a request or an attempt', async () => {
    const { run, job, attempts } = await publishOnce(h.deps, h.account, [service.url('/metrics')]);

    expect(run.outcome).toBe('needs_attention');
    expect(job).toMatchObject({ status: 'needs_attention', attemptCount: 0 });
    expect(job!.lastError).toEqual({
      code: 'media_refused',
      message: `Media 1 (${service.url('/metrics')}): refused: loopback address (127.0.0.1 is not allowed; an operator can allow the host with HERALD_FETCH_ALLOW)`,
    });
    expect(job!.lastError!.message).not.toContain(METRICS_TEXT);
    expect(attempts).toEqual([]);
    expect(service.hits).toEqual([]);
    expect(h.notifier.ofType('needs_attention')).toHaveLength(1);
  });

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data', 'link-local'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', 'loopback'],
    ['a decimal loopback', 'http://2130706433/', 'loopback'],
    ['a name resolving to loopback', 'http://localhost/photo.jpg', 'loopback'],
  ])('refuses %s the same way', async (_name, url, reason) => {
    const { job, attempts } = await publishOnce(h.deps, h.account, [url]);
    expect(job).toMatchObject({ status: 'needs_attention', lastError: { code: 'media_refused' } });
    expect(job!.lastError!.message).toContain(`refused: ${reason} address`);
    expect(attempts).toEqual([]);
  });

  it('publishes the same media once the operator allowlists its host (composition option)', async () => {
    const allowed = composeCore({
      db: h.testDb.db,
      clock,
      ids: new RandomIds(),
      queue: new RecordingQueue(),
      notifier: new RecordingNotifier(),
      fetchPolicy: { allow: ['127.0.0.1'] },
    });
    const { run, job } = await publishOnce(allowed, h.account, [service.url('/photo.jpg')]);

    expect(run.outcome).toBe('published');
    expect(job).toMatchObject({ status: 'published' });
    expect(service.hits).toEqual(['/photo.jpg']);
  });
});

describe('webhook delivery to a private address', () => {
  async function webhookAccount(): Promise<{ account: Account; deps: CoreDeps }> {
    const vault = new MongoCredentialVault(
      h.testDb.db,
      new CredentialCipher([{ id: 'k', key: randomBytes(32) }]),
      clock,
    );
    const influencer = await h.deps.influencers.ensure({
      workspaceId: h.workspace.id,
      handle: 'hook',
      displayName: 'Hook',
    });
    const account = await h.deps.accounts.ensure({
      workspaceId: h.workspace.id,
      influencerId: influencer.id,
      platform: 'webhook',
      handle: 'hook',
      timezone: 'UTC',
    });
    await vault.store(h.workspace.id, account.id, SECRET);
    return { account, deps: { ...h.deps, vault } };
  }

  it('is refused as permanent: the job fails at once, with no retry and no request', async () => {
    const { account, deps } = await webhookAccount();
    const { run, job, attempts } = await publishOnce(deps, account, []);

    expect(run.outcome).toBe('failed');
    expect(job).toMatchObject({ status: 'failed', attemptCount: 1, lastError: { code: 'url_refused' } });
    expect(job!.lastError!.message).toBe(
      'POST /hooks/herald refused: loopback address (127.0.0.1 is not allowed; an operator can allow the host with HERALD_FETCH_ALLOW)',
    );
    expect(attempts.map((a) => [a.result, a.errorCode])).toEqual([['permanent_error', 'url_refused']]);
    expect(service.hits).toEqual([]);
  });

  it('is delivered when createPublishers gets the allowlist', async () => {
    const { account, deps } = await webhookAccount();
    const publishers = createPublishers({
      webhook: { baseUrl: service.url('/echo') },
      fetchPolicy: { allow: ['127.0.0.1'] },
    });
    const { job } = await publishOnce({ ...deps, publisherFor: (p) => publishers[p] }, account, []);

    expect(job).toMatchObject({ status: 'published', platformPostId: 'd1' });
    expect(service.hits).toEqual(['/echo']);
  });
});
