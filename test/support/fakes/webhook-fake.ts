import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type Route,
  startFakeServer,
} from './fake-server.js';

/**
 * Fake webhook receiver implementing Herald's webhook contract independently of the adapter:
 * verifies the HMAC signature and timestamp window (401 otherwise), requires Idempotency-Key, answers
 * a repeated key with the same id without recording a second post, and serves the lookup GET.
 */

export interface WebhookDelivery {
  id: string;
  url: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface WebhookFakeState {
  secret: string;
  /** Unique deliveries in arrival order: tests assert at-most-once on this. */
  deliveries: WebhookDelivery[];
  /** Repeated deliveries answered from the idempotency record. */
  duplicates: number;
  rejectedSignatures: number;
  toleranceSeconds: number;
  nextId: number;
  byKey: Map<string, WebhookDelivery>;
}

export interface WebhookFakeOptions {
  secret?: string;
  latencyMs?: number;
  toleranceSeconds?: number;
  port?: number;
}

export type FakeWebhook = FakeServer<WebhookFakeState> & {
  /** Where the adapter should POST (the receiver's endpoint). */
  endpoint: string;
};

const PATH = '/hooks/herald';

export async function startFakeWebhook(options: WebhookFakeOptions = {}): Promise<FakeWebhook> {
  const state: WebhookFakeState = {
    secret: options.secret ?? 'whsec-test-secret',
    deliveries: [],
    duplicates: 0,
    rejectedSignatures: 0,
    toleranceSeconds: options.toleranceSeconds ?? 300,
    nextId: 1,
    byKey: new Map(),
  };
  const routes: Route[] = [
    { method: 'POST', path: PATH, handler: (req) => deliver(state, req) },
    { method: 'GET', path: PATH, handler: (req) => lookup(state, req) },
  ];
  const server = await startFakeServer({
    state,
    routes,
    latencyMs: options.latencyMs,
    port: options.port,
    snapshot: (s) => ({
      deliveries: s.deliveries,
      duplicates: s.duplicates,
      rejectedSignatures: s.rejectedSignatures,
    }),
  });
  return { ...server, endpoint: `${server.url}${PATH}` };
}

/** Independent check of the contract: HMAC-SHA256 over `${timestamp}.${payload}`, five-minute window. */
function verified(state: WebhookFakeState, req: FakeRequest, payload: string): boolean {
  const timestamp = Number(req.headers['x-herald-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > state.toleranceSeconds)
    return false;
  const digest = createHmac('sha256', state.secret).update(`${timestamp}.${payload}`).digest('hex');
  const expected = Buffer.from(`v1=${digest}`);
  const got = Buffer.from(req.headers['x-herald-signature'] ?? '');
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function unsigned(state: WebhookFakeState): FakeReply {
  state.rejectedSignatures++;
  return { status: 401, body: { error: 'invalid_signature' } };
}

function deliver(state: WebhookFakeState, req: FakeRequest): FakeReply {
  if (!verified(state, req, req.rawBody.toString('utf8'))) return unsigned(state);
  const key = req.headers['idempotency-key'];
  if (!key) return { status: 400, body: { error: 'missing_idempotency_key' } };
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || body.idempotencyKey !== key)
    return { status: 422, body: { error: 'idempotency_key_mismatch' } };
  const existing = state.byKey.get(key);
  if (existing) {
    state.duplicates++;
    return { status: 200, body: { id: existing.id, url: existing.url, duplicate: true } };
  }
  const id = `wh_${state.nextId++}`;
  const delivery = {
    id,
    url: `https://receiver.example/posts/${id}`,
    idempotencyKey: key,
    body,
    receivedAt: Date.now(),
  };
  state.byKey.set(key, delivery);
  state.deliveries.push(delivery);
  return { status: 201, body: { id, url: delivery.url } };
}

function lookup(state: WebhookFakeState, req: FakeRequest): FakeReply {
  if (!verified(state, req, req.search)) return unsigned(state);
  const found = state.byKey.get(req.query.idempotencyKey ?? '');
  return found
    ? { status: 200, body: { id: found.id, url: found.url } }
    : { status: 404, body: { error: 'not_found' } };
}
