import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { HeraldError } from '../core/errors.js';
import { isDuplicateKey, type StoredDoc } from '../store/documents.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST creates honour an Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyRecord?: string;
  }
}

/**
 * `Idempotency-Key` on creates (SPEC §8): the first request with a key claims a record (unique
 * `_id`: workspace, route, key) and its response is stored; the same key and body later get that
 * response again, the same key with another body gets 409, and a retry while the first is still
 * running gets 409 "in progress" rather than a second create.
 */
export function idempotentCreates(app: FastifyInstance, db: Db): void {
  const col = db.collection<StoredDoc>('idempotency_keys');
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (!request.routeOptions.config.idempotent || typeof key !== 'string') return;
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw new HeraldError('VALIDATION_FAILED', 'Idempotency-Key must be 1-200 visible ASCII characters.');
    const id = `${request.grant.workspaceId}:${request.routeOptions.url}:${key}`;
    const bodyHash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    try {
      await col.insertOne({ _id: id, bodyHash, state: 'pending', at: new Date() });
      request.idempotencyRecord = id;
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const record = await col.findOne({ _id: id });
    if (record?.bodyHash !== bodyHash) {
      throw new HeraldError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different body.', {
        hint: 'Use a new key for a new request.',
      });
    }
    if (record.state !== 'done')
      throw new HeraldError('CONFLICT', 'A request with this Idempotency-Key is still in progress.', {
        hint: 'Retry in a moment.',
      });
    return reply
      .code(record.status as number)
      .header('idempotent-replayed', 'true')
      .type('application/json')
      .send(record.payload as string);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.idempotencyRecord) return payload;
    if (reply.statusCode >= 500) await col.deleteOne({ _id: request.idempotencyRecord });
    else
      await col.updateOne(
        { _id: request.idempotencyRecord },
        { $set: { state: 'done', status: reply.statusCode, payload: String(payload) } },
      );
    return payload;
  });
}
