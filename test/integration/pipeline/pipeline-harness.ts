import type { Account, AutonomyMode } from '../../../src/core/domain/types.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { WebhookPublisher } from '../../../src/publishers/webhook.js';
import {
  type FakeMediaHost,
  type FakeWebhook,
  LOCAL_FAKES,
  startFakeMediaHost,
  startFakeWebhook,
} from '../../support/fakes/index.js';
import { createHarness, type Harness, type RecordingQueue } from '../../support/harness.js';
import { webhookAccount } from '../../support/webhook-account.js';

export const T0 = new Date('2026-12-01T09:00:00Z');
export const MINUTE = 60_000;

export interface PipelineHarness extends Harness {
  clock: ManualClock;
  webhook: FakeWebhook;
  media: FakeMediaHost;
  hook: Account;
  queue: RecordingQueue;
  schedule(opts?: { inMs?: number; media?: string[]; caption?: string }): ReturnType<typeof schedulePost>;
  shutdown(): Promise<void>;
}

/**
 * The real pipeline against a fake webhook platform and a fake media host on 127.0.0.1, with
 * the clock in the test's hands and a webhook account whose secret is stored encrypted.
 */
export async function pipelineHarness(
  label: string,
  mode: AutonomyMode = 'auto',
  settings = {},
): Promise<PipelineHarness> {
  const clock = new ManualClock(T0);
  const webhook = await startFakeWebhook({ secret: 'whsec-pipeline' });
  const media = await startFakeMediaHost();
  const h = await createHarness({
    label,
    clock,
    mode,
    settings,
    publishers: {
      webhook: new WebhookPublisher({ baseUrl: webhook.endpoint, timeoutMs: 2000, fetchPolicy: LOCAL_FAKES }),
    },
  });
  const { account: hook, compose } = await webhookAccount(h, webhook, 'whsec-pipeline', 'hooky', clock);
  h.deps.vault = compose.vault;
  return {
    ...h,
    clock,
    webhook,
    media,
    hook,
    queue: h.deps.queue as RecordingQueue,
    schedule: (opts = {}) =>
      schedulePost(h.deps, {
        workspaceId: h.workspace.id,
        actor: h.actor,
        accountIds: [hook.id],
        caption: opts.caption ?? 'Launch day',
        media: (opts.media ?? ['photo.jpg']).map((name) => ({
          url: media.urlOf(name),
          kind: 'image' as const,
        })),
        scheduledAt: new Date(clock.now().getTime() + (opts.inMs ?? MINUTE)),
        timezone: 'UTC',
        localTime: 'x',
      }),
    shutdown: async () => {
      await webhook.close();
      await media.close();
      await h.close();
    },
  };
}
