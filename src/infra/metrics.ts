import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobRepository } from '../core/ports/job-repository.js';

/** The process's Prometheus registry: what `/metrics` serves (SPEC §9). */
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

/** Queue depth by status, read from the database at scrape time. */
export function registerQueueDepth(jobs: JobRepository): void {
  registry.removeSingleMetric('herald_jobs');
  new Gauge({
    name: 'herald_jobs',
    help: 'Publish jobs by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await jobs.countByStatus())) this.set({ status }, n ?? 0);
    },
  });
}
