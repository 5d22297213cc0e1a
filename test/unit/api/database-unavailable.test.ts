import Fastify from 'fastify';
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoTopologyClosedError,
} from 'mongodb';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/api/build-api.js';
import { problemHandler } from '../../../src/api/problem.js';
import { isDatabaseUnavailable } from '../../../src/infra/database-errors.js';
import { readinessChecks } from '../../../src/roles.js';

const quiet = pino({ level: 'silent' });

function named(name: string, message = 'connect ECONNREFUSED /tmp/ferretdb.sock'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function socketError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -32 });
}

describe('isDatabaseUnavailable', () => {
  it("recognises the driver's errors for an unreachable server, also wrapped as a cause", () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 4 to /tmp/x.sock closed'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoNotConnectedError('not connected'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoTopologyClosedError())).toBe(true);
    expect(isDatabaseUnavailable(named('MongoServerSelectionError'))).toBe(true);
    expect(isDatabaseUnavailable(named('MongoPoolClearedError'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('publish failed', { cause: named('MongoServerSelectionError') })),
    ).toBe(true);
  });

  it('recognises a failover answer of a real MongoDB, and the bare socket error the driver throws mid-write', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ code: 91, errmsg: 'ShutdownInProgress' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(socketError('EPIPE', 'write'))).toBe(true);
  });

  it('leaves other failures alone: a duplicate key, a platform reset wrapped by fetch, a plain bug', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(
      false,
    );
    expect(
      isDatabaseUnavailable(new TypeError('fetch failed', { cause: socketError('ECONNRESET', 'read') })),
    ).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isDatabaseUnavailable('MongoNetworkError')).toBe(false);
  });
});

describe('the API while the database is unreachable', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After instead of 500', async () => {
    const app = Fastify({ loggerInstance: quiet });
    app.setErrorHandler(problemHandler);
    app.get('/down', async () => {
      throw named('MongoServerSelectionError', 'Server selection timed out after 2000 ms');
    });
    app.get('/bug', async () => {
      throw new TypeError('a bug');
    });
    const down = await app.inject({ method: 'GET', url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect((await app.inject({ method: 'GET', url: '/bug' })).statusCode).toBe(500);
  });

  it('answers /readyz 503 within about 1 s when a check hangs, naming it', async () => {
    const app = await buildApi({
      logger: quiet,
      readiness: [
        { name: 'database', check: () => new Promise(() => {}) },
        { name: 'agenda', check: async () => null },
      ],
    });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'not_ready',
      checks: { database: 'no answer within 1000 ms', agenda: 'ok' },
    });
    await app.close();
  });

  it('says the database is unreachable in /readyz, for the ping and for the heartbeat read alike', async () => {
    const never = () => new Promise<never>(() => {});
    const refused = () =>
      Promise.reject(named('MongoServerSelectionError', 'connect ECONNREFUSED /tmp/x.sock'));
    const checks = readinessChecks(
      { health: { ping: never }, workers: { newestBeat: refused } } as never,
      undefined,
      false,
    );
    const app = await buildApi({ logger: quiet, readiness: checks });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.json()).toEqual({
      status: 'not_ready',
      checks: {
        database: 'unreachable: no answer within 500 ms',
        worker_heartbeat: 'unreachable: connect ECONNREFUSED /tmp/x.sock',
      },
    });
    await app.close();
  });
});
