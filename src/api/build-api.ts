import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ApiKeyStore } from '../core/ports/api-key-store.js';
import type { IdempotencyStore } from '../core/ports/idempotency-store.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import type { Logger } from '../infra/logger.js';
import { apiLatency, registerQueueDepth, registry } from '../infra/metrics.js';
import { requireAccess } from './auth.js';
import { calendarPages } from './calendar/page-routes.js';
import { idempotentCreates } from './idempotency.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { problemHandler } from './problem.js';
import { requestContexts } from './request-context.js';
import { adminRoutes } from './routes/admin.js';
import { calendarRoutes } from './routes/calendar.js';
import { connectionRoutes } from './routes/connections.js';
import { libraryRoutes } from './routes/library.js';
import { postEditRoutes } from './routes/post-edits.js';
import { postRoutes } from './routes/posts.js';
import { workspaceRoutes } from './routes/workspace.js';

/** One readiness probe: its name, and a check that resolves to a problem or null. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string | null>;
}

/**
 * How long one readiness check may take. A load balancer's probe has its own short timeout;
 * a check that hangs (a database that does not answer) must still answer "not ready" in time.
 */
const READINESS_TIMEOUT_MS = 1_000;

/** The check's problem, its error's message, or a timeout: never a hang, never a throw. */
async function checkWithin(readiness: ReadinessCheck, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  const checked = readiness.check().catch((e: Error) => e.message);
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ApiOptions {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Without them only the operational probes are served. */
  deps?: CoreDeps;
  keys?: ApiKeyStore;
  /** Where Idempotency-Key records are kept; without it the header is ignored. */
  idempotency?: IdempotencyStore;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-Proto (the session cookie is then Secure). */
  trustProxy?: boolean;
}

/**
 * Builds the admin API (returns the instance; only main listens): probes, `/metrics`, the
 * OpenAPI document at `/openapi.json` with a UI at `/docs`, and `/v1` behind API keys. The
 * same zod schemas validate requests and generate the document.
 */
export async function buildApi(opts: ApiOptions) {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: 256 * 1024,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemHandler);
  app.addHook('onResponse', async (request, reply) => {
    apiLatency.observe(
      { route: request.routeOptions.url ?? 'unknown', method: request.method, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Herald admin API',
        version: '1.0.0',
        description: 'Everything the chat can do, for scripts and dashboards.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Liveness: 200 while the process runs, also while the database is down (a restart would not
  // help); /readyz is what turns 503 then, so load balancers stop sending traffic.
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const results = await Promise.all(
      opts.readiness.map(async (r) => ({
        name: r.name,
        problem: await checkWithin(r, READINESS_TIMEOUT_MS),
      })),
    );
    const ready = results.every((r) => !r.problem);
    const checks = Object.fromEntries(results.map((r) => [r.name, r.problem ?? 'ok']));
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  const { deps, keys } = opts;
  if (deps) await app.register(calendarPages(deps));
  // Uploaded library files, for the platforms that pull media by URL: random names, no listing.
  if (deps?.media) {
    const media = deps.media;
    app.get('/media/:name', { schema: { hide: true } }, async (request, reply) => {
      const file = await media.read((request.params as { name: string }).name);
      if (!file) return reply.code(404).send({ error: 'not found' });
      return reply
        .type(file.type)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(Buffer.from(file.bytes));
    });
  }
  if (deps) await app.register(oauthRoutes(deps));
  if (deps && keys) {
    registerQueueDepth(deps.jobs);
    await app.register(
      async (v1) => {
        requireAccess(v1, keys, deps);
        if (opts.idempotency) idempotentCreates(v1, opts.idempotency, deps.clock);
        const contextOf = requestContexts(deps);
        await v1.register(postRoutes(deps, contextOf));
        await v1.register(postEditRoutes(deps, contextOf));
        await v1.register(workspaceRoutes(deps, contextOf));
        await v1.register(adminRoutes(deps, contextOf));
        await v1.register(calendarRoutes(deps, contextOf));
        await v1.register(connectionRoutes(deps, contextOf));
        await v1.register(libraryRoutes(deps, contextOf));
      },
      { prefix: '/v1' },
    );
  }
  return app;
}
