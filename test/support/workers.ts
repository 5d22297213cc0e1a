import { MongoClient } from 'mongodb';
import pino from 'pino';
import { type ComposeInput, composeCore } from '../../src/compose.js';
import type { CoreDeps } from '../../src/core/use-cases/deps.js';
import { RandomIds } from '../../src/infra/random-ids.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { createAgenda, createQueue, createWorker, type WorkerOptions } from '../../src/jobs/worker.js';
import { mongoAgendaBackend } from '../../src/store/mongo-agenda-backend.js';
import { createOperationalStores } from '../../src/store/operational-stores.js';
import type { Harness } from './harness.js';

export interface TestWorker {
  deps: CoreDeps;
  /** Stops the worker (waiting up to `graceMs` for publishes in flight) and closes its connection. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A real worker (Agenda + handler) on the harness database, on its own MongoDB connection as a
 * separate process would have.
 */
export async function startTestWorker(
  h: Harness,
  id: string,
  extra: Partial<WorkerOptions> & { compose?: Partial<ComposeInput> } = {},
): Promise<TestWorker> {
  const { compose, ...workerOptions } = extra;
  const client = new MongoClient(h.testDb.url);
  await client.connect();
  const db = client.db(h.testDb.name);
  const concurrency = workerOptions.concurrency ?? 20;
  const pollIntervalMs = workerOptions.pollIntervalMs ?? 200;
  const agenda = createAgenda(mongoAgendaBackend(db), { name: id, pollIntervalMs });
  const deps = composeCore({
    db,
    clock: systemClock,
    ids: new RandomIds(),
    queue: createQueue(agenda, compose?.clock ?? systemClock),
    notifier: h.notifier,
    settings: h.deps.settings,
    ...compose,
  });
  const worker = createWorker(agenda, createOperationalStores(db), deps, {
    workerId: id,
    concurrency,
    pollIntervalMs: 200,
    sweepIntervalMs: 60_000,
    logger: pino({ level: 'silent' }),
    ...workerOptions,
  });
  await worker.start();
  return {
    deps,
    stop: async (graceMs = 5000) => {
      await worker.stop(graceMs);
      await client.close();
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
