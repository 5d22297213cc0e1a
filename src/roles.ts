import type { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import type { ReadinessCheck } from './api/build-api.js';

/**
 * Readiness of this process: the database answers, Agenda runs (worker roles), and some worker
 * has reported within a minute (so scheduled posts will actually publish).
 */
export function readinessChecks(db: Db, agenda: Agenda | undefined, runsWorker: boolean): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: 'database',
      check: async () => ((await db.command({ ping: 1 })).ok === 1 ? null : 'ping failed'),
    },
    {
      name: 'worker_heartbeat',
      check: async () => {
        const latest = await db
          .collection<{ at: Date }>('worker_heartbeats')
          .find()
          .sort({ at: -1 })
          .limit(1)
          .next();
        const age = latest ? Date.now() - latest.at.getTime() : Number.POSITIVE_INFINITY;
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
