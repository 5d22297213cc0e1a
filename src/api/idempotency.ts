import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HeraldError } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdempotencyRecord, IdempotencyStore } from '../core/ports/idempotency-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST creates honour an Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** The key this request holds, and its claim on it, until its response is stored. */
    idempotencyClaim?: { key: string; owner: string };
  }
}

/**
 * How long a claimed key counts as in progress. Creates answer in milliseconds, so a claim this
 * old belongs to a request whose process died, and a retry may take the key over.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * `Idempotency-Key` on creates: the first request with a key claims a record (per workspace,
 * route and key) and its response is stored; the same key and body later get that response
 * again, the same key with another body gets 409, and a retry while the first is still running
 * gets 409 "in progress" rather than a second create. A claim whose lease ran out (its process
 * died mid-request) is taken over by one retry, which runs the request again.
 */
export function idempotentCreates(app: FastifyInstance, store: IdempotencyStore, clock: Clock): void {
  const lease = () => {
    const now = clock.now();
    return { now, until: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS) };
  };
  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (!request.routeOptions.config.idempotent || typeof header !== 'string') return;
    if (!/^[\x21-\x7e]{1,200}$/.test(header))
      throw new HeraldError('VALIDATION_FAILED', 'Idempotency-Key must be 1-200 visible ASCII characters.');
    const key = `${request.grant.workspaceId}:${request.routeOptions.url}:${header}`;
    const bodyHash = hashBody(request);
    const claim = await store.claim(key, bodyHash, lease());
    if (claim.claimed) {
      request.idempotencyClaim = { key, owner: claim.owner };
      return;
    }
    const { record } = claim;
    if (record.bodyHash !== bodyHash) {
      throw new HeraldError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different body.', {
        hint: 'Use a new key for a new request.',
      });
    }
    if (record.response) {
      return reply
        .code(record.response.status)
        .header('idempotent-replayed', 'true')
        .type('application/json')
        .send(record.response.payload);
    }
    request.idempotencyClaim = { key, owner: await takeOverExpired(store, key, record, lease()) };
  });
  // onSend is the earliest point the response exists: storing it here keeps short the window in
  // which a crash leaves a stored create without its answer.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    if (reply.statusCode >= 500) await store.release(claim.key, claim.owner);
    else await store.complete(claim.key, claim.owner, { status: reply.statusCode, payload: String(payload) });
    return payload;
  });
}

function hashBody(request: FastifyRequest): string {
  return createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
}

/** The new owner of a claim whose lease ran out; 409 while it holds, or when another retry won it. */
async function takeOverExpired(
  store: IdempotencyStore,
  key: string,
  record: IdempotencyRecord,
  lease: { now: Date; until: Date },
): Promise<string> {
  const owner = record.leaseUntil <= lease.now ? await store.takeOver(key, record, lease) : null;
  if (!owner)
    throw new HeraldError('CONFLICT', 'A request with this Idempotency-Key is still in progress.', {
      hint: 'Retry in a moment.',
    });
  return owner;
}
