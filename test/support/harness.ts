import type { Agenda } from 'agenda';
import { composeCore } from '../../src/compose.js';
import type { Account, Actor, AutonomyMode, Campaign, Workspace } from '../../src/core/domain/types.js';
import type { Clock } from '../../src/core/ports/clock.js';
import type { MediaStore } from '../../src/core/ports/media-store.js';
import type { PublishQueue } from '../../src/core/ports/publish-queue.js';
import type { CoreDeps, CoreSettings } from '../../src/core/use-cases/deps.js';
import { schedulePost } from '../../src/core/use-cases/schedule-post.js';
import { RandomIds } from '../../src/infra/random-ids.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { createAgenda, createQueue } from '../../src/jobs/worker.js';
import type { FetchPolicy } from '../../src/publishers/index.js';
import { mongoAgendaBackend } from '../../src/store/mongo-agenda-backend.js';
import { LOCAL_FAKES } from './fakes/index.js';
import { RecordingNotifier } from './recording-notifier.js';
import { seedWorkspace } from './seed.js';
import { openTestDb, type TestDb } from './test-db.js';

/** Records wake-ups instead of running them: for tests that drive the handler by hand. */
export class RecordingQueue implements PublishQueue {
  readonly wakeUps: { jobId: string; at: Date }[] = [];
  async enqueue(jobId: string, at: Date): Promise<void> {
    this.wakeUps.push({ jobId, at });
  }
}

export interface Harness {
  testDb: TestDb;
  deps: CoreDeps;
  notifier: RecordingNotifier;
  workspace: Workspace;
  campaign: Campaign;
  account: Account;
  actor: Actor;
  agenda?: Agenda;
  close(): Promise<void>;
}

export interface HarnessOptions {
  label?: string;
  clock?: Clock;
  mode?: AutonomyMode;
  /** 'agenda': a real Agenda queue on the test database (not started); default: a recording queue. */
  queue?: 'agenda' | 'recording';
  settings?: Partial<CoreSettings>;
  publishers?: Parameters<typeof composeCore>[0]['publishers'];
  /** The draws `random:` takes (default Math.random). */
  random?: () => number;
  /** What the media inspector may fetch; default: the local fakes on 127.0.0.1. */
  fetchPolicy?: FetchPolicy;
  /** Where uploaded library files are kept (default: none, uploads are refused). */
  media?: MediaStore;
}

/** A test database seeded with one workspace, a campaign (auto by default) and a dryrun account. */
export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const testDb = await openTestDb(opts.label);
  const agenda =
    opts.queue === 'agenda'
      ? createAgenda(mongoAgendaBackend(testDb.db), { name: 'test', pollIntervalMs: 200 })
      : undefined;
  const notifier = new RecordingNotifier();
  const deps = composeCore({
    db: testDb.db,
    clock: opts.clock ?? systemClock,
    ids: new RandomIds(),
    queue: agenda ? createQueue(agenda, opts.clock ?? systemClock) : new RecordingQueue(),
    notifier,
    settings: opts.settings,
    publishers: opts.publishers,
    fetchPolicy: opts.fetchPolicy ?? LOCAL_FAKES,
    ...(opts.media ? { media: opts.media } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  const seeded = await seedWorkspace(deps, opts.mode ?? 'auto');
  return {
    testDb,
    deps,
    notifier,
    agenda,
    ...seeded,
    actor: { kind: 'console', id: 'tester' },
    close: async () => {
      if (agenda) await agenda.stop(false).catch(() => {});
      await testDb.close();
    },
  };
}

/**
 * Schedules a one-off post on the harness's account at `at` (UTC), through `deps` (default: the
 * harness's own; a test worker's core to schedule in its process).
 */
export function scheduleAt(
  harness: Pick<Harness, 'deps' | 'workspace' | 'account' | 'actor'>,
  at: Date,
  caption = 'hello',
  deps: CoreDeps = harness.deps,
) {
  return schedulePost(deps, {
    workspaceId: harness.workspace.id,
    actor: harness.actor,
    accountIds: [harness.account.id],
    caption,
    scheduledAt: at,
    timezone: 'UTC',
    localTime: at.toISOString().slice(0, 16),
  });
}

export { seedWorkspace } from './seed.js';
