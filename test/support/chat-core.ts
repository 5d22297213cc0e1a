import { type CardSink, ChatNotifier, FanoutNotifier } from '../../src/bots/shared/chat-notifier.js';
import { composeCore } from '../../src/compose.js';
import type { WorkspaceKind } from '../../src/core/domain/types.js';
import type { Publisher } from '../../src/core/ports/publisher.js';
import type { CoreSettings } from '../../src/core/use-cases/deps.js';
import type { Logger } from '../../src/infra/logger.js';
import { RandomIds } from '../../src/infra/random-ids.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { MongoCardRefStore } from '../../src/store/mongo-card-ref-store.js';
import { RecordingQueue } from './harness.js';
import { RecordingNotifier } from './recording-notifier.js';
import type { TestDb } from './test-db.js';

/**
 * The core the chat-bot harnesses run on: the test database, a recording queue, and
 * notifications both recorded and posted as cards through the surface's sink.
 */
export function chatTestCore(
  testDb: TestDb,
  opts: { settings?: Partial<CoreSettings> | undefined; dryrun?: Publisher | undefined },
  sinks: Partial<Record<WorkspaceKind, CardSink>>,
  logger: Logger,
) {
  const recorded = new RecordingNotifier();
  const notifier = new FanoutNotifier(recorded);
  const queue = new RecordingQueue();
  const deps = composeCore({
    db: testDb.db,
    clock: systemClock,
    ids: new RandomIds(),
    queue,
    notifier,
    settings: opts.settings,
    ...(opts.dryrun ? { publishers: { dryrun: opts.dryrun } } : {}),
  });
  notifier.add(new ChatNotifier(deps, sinks, logger, new MongoCardRefStore(testDb.db)));
  return { deps, queue, recorded };
}
