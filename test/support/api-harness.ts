import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../src/api/build-api.js';
import { CachedApiKeyStore } from '../../src/api/cached-api-keys.js';
import type { ApiScope } from '../../src/core/ports/api-key-store.js';
import { MongoApiKeyStore } from '../../src/store/mongo-api-key-store.js';
import { MongoIdempotencyStore } from '../../src/store/mongo-idempotency-store.js';
import { createHarness, type Harness, type HarnessOptions } from './harness.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiHarness {
  h: Harness;
  app: Awaited<ReturnType<typeof buildApi>>;
  /** Creates a key for the harness workspace (or another one) and returns its secret form. */
  key(scopes: ApiScope[], workspaceId?: string): Promise<string>;
  /** The same, with the key's id (who it acts as, e.g. in a campaign's approvers). */
  keyWithId(scopes: ApiScope[], workspaceId?: string): Promise<{ key: string; keyId: string }>;
  /** One request through `inject`, with the key as a bearer token when given. */
  call(method: Method, url: string, key?: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real API over a test database: the set-up every API suite shares. */
export async function createApiHarness(opts: HarnessOptions = {}): Promise<ApiHarness> {
  const h = await createHarness(opts);
  // As `herald api` composes it.
  const store = new CachedApiKeyStore(new MongoApiKeyStore(h.testDb.db, h.deps.clock), h.deps.clock);
  const app = await buildApi({
    logger: pino({ level: 'silent' }),
    readiness: [],
    deps: h.deps,
    keys: store,
    idempotency: new MongoIdempotencyStore(h.testDb.db),
    trustProxy: true,
  });
  return {
    h,
    app,
    key: async (scopes, workspaceId = h.workspace.id) =>
      (await store.create(workspaceId, scopes, scopes.join('+'))).key,
    keyWithId: (scopes, workspaceId = h.workspace.id) => store.create(workspaceId, scopes, scopes.join('+')),
    call: (method, url, key, body) =>
      app.inject({
        method,
        url,
        headers: key ? { authorization: `Bearer ${key}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    close: async () => {
      await app.close();
      await h.close();
    },
  };
}
