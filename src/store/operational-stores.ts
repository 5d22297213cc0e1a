import type { Db } from 'mongodb';
import { MongoDatabaseHealth } from './mongo-database-health.js';
import { MongoHousekeeping } from './mongo-housekeeping.js';
import { MongoIdempotencyStore } from './mongo-idempotency-store.js';
import { MongoSweepState } from './mongo-sweep-state.js';
import { MongoWorkerRegistry } from './mongo-worker-registry.js';

/**
 * The stores the roles use beside the core's repositories (workers, readiness, the API's
 * Idempotency-Key records), over one database: what the composition root hands them.
 */
export function createOperationalStores(db: Db) {
  return {
    idempotency: new MongoIdempotencyStore(db),
    workers: new MongoWorkerRegistry(db),
    sweepState: new MongoSweepState(db),
    housekeeping: new MongoHousekeeping(db),
    health: new MongoDatabaseHealth(db),
  };
}

export type OperationalStores = ReturnType<typeof createOperationalStores>;
