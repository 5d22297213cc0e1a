import type { Agenda } from 'agenda';
import type { ReadinessCheck } from './api/build-api.js';
import type { DatabaseHealth } from './core/ports/database-health.js';
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
      check: async () => ((await stores.health.ping()) ? null : 'ping failed'),
    },
    {
      name: 'worker_heartbeat',
      check: async () => {
        const latest = await stores.workers.newestBeat();
        const age = latest ? Date.now() - latest.getTime() : Number.POSITIVE_INFINITY;
        return age < 60_000
          ? null
          : 'no worker has reported in the last 60 s (run `herald worker` or `npm start`)';
      },
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
