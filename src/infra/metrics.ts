import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type JobStatus, QUEUED_STATUSES } from '../core/domain/job-status.js';
import type { ConnectionMeter } from '../core/ports/connection-meter.js';
import type { JobRepository } from '../core/ports/job-repository.js';

/** The process's Prometheus registry: what `/metrics` serves (docs/product.md#observability). */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'herald_' });

export const publishAttempts = new Counter({
  name: 'herald_publish_runs_total',
  help: 'Publish handler runs by platform and outcome (published, retry_scheduled, rate_limited, needs_attention, failed, skipped)',
  labelNames: ['platform', 'outcome'],
  registers: [registry],
});

export const publishLateness = new Histogram({
  name: 'herald_publish_lateness_seconds',
  help: 'Seconds between the time a job was due and the moment it was published',
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
  registers: [registry],
});

export const apiLatency = new Histogram({
  name: 'herald_api_request_seconds',
  help: 'API request latency by route and status',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const commandLatency = new Histogram({
  name: 'herald_command_seconds',
  help: 'Chat command latency by surface and command',
  labelNames: ['surface', 'command'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const connectionEvents = new Counter({
  name: 'herald_account_connections_total',
  help: 'Account connects, token refreshes and disconnects by platform and outcome (ok, refused, revoked, failed, not_offered)',
  labelNames: ['event', 'platform', 'outcome'],
  registers: [registry],
});

/** The core's connection meter, counted in `herald_account_connections_total`. */
export const connectionMeter: ConnectionMeter = {
  count: (event, platform, outcome) => connectionEvents.inc({ event, platform, outcome }),
};

/** How long one count of the queue answers scrapes: several Prometheus servers, or a fast scrape interval, cost one count. */
const QUEUE_COUNT_MAX_AGE_MS = 10_000;

/**
 * Queue depth by status (the statuses of a job not yet finished, 0 when there are none), read
 * from the database at scrape time, at most once per QUEUE_COUNT_MAX_AGE_MS. Finished jobs are
 * left to `herald_publish_runs_total`: counting the whole published history on every scrape
 * cost FerretDB about 2 s per 50,000 jobs, while the queue's statuses are answered by its index.
 */
export function registerQueueDepth(jobs: JobRepository, maxAgeMs = QUEUE_COUNT_MAX_AGE_MS): void {
  registry.removeSingleMetric('herald_jobs');
  let last: { at: number; counts: Promise<Partial<Record<JobStatus, number>>> } | undefined;
  const counts = () => {
    if (!last || Date.now() - last.at >= maxAgeMs) {
      const pending = jobs.countByStatus(undefined, QUEUED_STATUSES);
      last = { at: Date.now(), counts: pending };
      // A failed count is not remembered: the next scrape asks again.
      pending.catch(() => {
        if (last?.counts === pending) last = undefined;
      });
    }
    return last.counts;
  };
  new Gauge({
    name: 'herald_jobs',
    help: 'Publish jobs waiting or publishing, by status (finished ones: herald_publish_runs_total)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const byStatus = await counts();
      this.reset();
      for (const status of QUEUED_STATUSES) this.set({ status }, byStatus[status] ?? 0);
    },
  });
}
