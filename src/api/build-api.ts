import Fastify from 'fastify';
import type { Logger } from '../infra/logger.js';

/** One readiness probe: its name, and a check that resolves to a problem or null. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string | null>;
}

export interface ApiOptions {
  logger: Logger;
  readiness: ReadinessCheck[];
}

/**
 * Builds the admin API (returns the instance; only main listens). This issue serves the
 * operational probes; the /v1 surface is added beside them.
 */
export function buildApi(opts: ApiOptions) {
  const app = Fastify({ loggerInstance: opts.logger, bodyLimit: 256 * 1024 });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      opts.readiness.map(async (r) => ({
        name: r.name,
        problem: await r.check().catch((e: Error) => e.message),
      })),
    );
    const failing = results.filter((r) => r.problem);
    const checks = Object.fromEntries(results.map((r) => [r.name, r.problem ?? 'ok']));
    return reply
      .code(failing.length === 0 ? 200 : 503)
      .send({ status: failing.length === 0 ? 'ready' : 'not_ready', checks });
  });
  return app;
}
