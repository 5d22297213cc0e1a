import type { Agenda } from 'agenda';
import type { ReadinessCheck } from './api/build-api.js';
import type { DatabaseHealth } from './core/ports/database-health.js';
import type { IdempotencyStore } from './core/ports/idempotency-store.js';
import type { WorkerRegistry } from './core/ports/worker-registry.js';

/**
 * Readiness of this process: the database answers, Agenda runs (worker roles), and some worker
 * has reported within a minute (so scheduled posts will actually publish).
 */
export function readinessChecks(
  stores: { health: DatabaseHealth; workers: WorkerRegistry },
  agenda: Agenda | undefined,
  runsWorker: boolean,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: 'database',
      check: () => fromDatabase(stores.health.ping(), (ok) => (ok ? null : 'unreachable: ping failed')),
    },
    {
      name: 'worker_heartbeat',
      check: () => fromDatabase(stores.workers.newestBeat(), heartbeatProblem),
    },
  ];
  if (runsWorker && agenda) {
    checks.push({
      name: 'agenda',
      check: async () => (agenda.isActiveJobProcessor() ? null : 'not processing jobs'),
    });
  }
  return checks;
}

function heartbeatProblem(latest: Date | undefined): string | null {
  const age = latest ? Date.now() - latest.getTime() : Number.POSITIVE_INFINITY;
  return age < 60_000 ? null : 'no worker has reported in the last 60 s (run `herald worker` or `npm start`)';
}

/** A readiness problem from a database read, "unreachable: …" when the read fails or hangs. */
async function fromDatabase<T>(read: Promise<T>, problem: (value: T) => string | null) {
  try {
    return problem(await within(DATABASE_PING_MS, read));
  } catch (error) {
    return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * A ping answers in milliseconds, tens under a publish burst; one that takes this long is from
 * a database that is down (the driver waits for it to come back). Well under the API's 1 s per
 * readiness check, so that /readyz says "unreachable" within that second, request time included.
 */
const DATABASE_PING_MS = 500;

/** `promise`, or a rejection once `ms` have passed (the promise's own outcome is then ignored). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}

/**
 * The API's Idempotency-Key claims with a lease of `leaseMs` (HERALD_IDEMPOTENCY_LEASE_MS)
 * instead of the API's default: how long a retry after a crashed request waits before it may
 * run the request again. The API reads the lease back from the stored claim.
 */
export function withIdempotencyLease(store: IdempotencyStore, leaseMs: number): IdempotencyStore {
  const until = (lease: { now: Date }) => ({
    now: lease.now,
    until: new Date(lease.now.getTime() + leaseMs),
  });
  return {
    claim: (key, bodyHash, lease) => store.claim(key, bodyHash, until(lease)),
    takeOver: (key, stale, lease) => store.takeOver(key, stale, until(lease)),
    complete: (key, owner, response) => store.complete(key, owner, response),
    release: (key, owner) => store.release(key, owner),
  };
}
