import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type Method } from '../../support/api-harness.js';

let api: ApiHarness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  api = await createApiHarness({ label: 'routes', settings: { publishNowEnabled: true } });
  keys.none = await api.key(['read']);
  keys.all = await api.key(['admin']);
});
afterAll(async () => api.close());

/** Every /v1 route with the scope it needs and a body that passes validation. */
const ROUTES: [Method, string, 'read' | 'write' | 'approve' | 'admin', object?][] = [
  ['GET', '/v1/posts', 'read'],
  ['POST', '/v1/posts', 'write', { accounts: ['@demo'], caption: 'x', when: 'in 2 hours' }],
  ['GET', '/v1/posts/pst_missing', 'read'],
  ['PATCH', '/v1/posts/pst_missing', 'write', { version: 1, caption: 'y' }],
  ['POST', '/v1/posts/pst_missing/cancel', 'write', {}],
  ['POST', '/v1/posts/pst_missing/reschedule', 'write', { when: '+1h' }],
  ['POST', '/v1/posts/pst_missing/publish-now', 'write', {}],
  ['POST', '/v1/posts/pst_missing/retry', 'write', {}],
  ['POST', '/v1/posts/pst_missing/approve', 'approve', {}],
  ['POST', '/v1/posts/pst_missing/reject', 'approve', { reason: 'no' }],
  [
    'POST',
    '/v1/posts:bulk-shift',
    'write',
    { accountId: 'acc_missing', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', by: '+1h' },
  ],
  ['GET', '/v1/jobs', 'read'],
  ['GET', '/v1/attempts?postId=pst_missing', 'read'],
  ['GET', '/v1/audit', 'read'],
  ['GET', '/v1/accounts', 'read'],
  ['POST', '/v1/accounts', 'admin', { platform: 'webhook', handle: 'tbl', timezone: 'UTC' }],
  ['PATCH', '/v1/accounts/acc_missing', 'admin', { timezone: 'UTC' }],
  ['POST', '/v1/connections', 'write', { platform: 'mastodon', instance: 'mastodon.example' }],
  ['DELETE', '/v1/accounts/acc_missing/connection', 'admin'],
  ['GET', '/v1/campaigns', 'read'],
  ['POST', '/v1/campaigns', 'admin', { name: 'table' }],
  ['PATCH', '/v1/campaigns/cmp_missing', 'admin', { version: 1, mode: 'auto' }],
  ['POST', '/v1/commands', 'write', { text: 'help' }],
];

const call = (method: Method, url: string, key?: string, body?: object) => api.call(method, url, key, body);

describe('every /v1 route', () => {
  it.each(ROUTES)('%s %s answers 401 without a key', async (method, url, _scope, body) => {
    const res = await call(method, url, undefined, body);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each(ROUTES.filter(([, , scope]) => scope !== 'read'))(
    '%s %s answers 403 to a read-only key',
    async (method, url, _scope, body) => {
      expect((await call(method, url, keys.none, body)).json()).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
    },
  );

  it.each(ROUTES.filter(([, url]) => url.includes('_missing') && !url.includes('attempts')))(
    '%s %s answers 404 for an unknown id',
    async (method, url, _scope, body) => {
      expect((await call(method, url, keys.all, body)).json()).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      });
    },
  );
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3 document that lists every /v1 route', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const [method, url] of ROUTES) {
      const path = url.split('?')[0]!.replace(/\/(pst|acc|cmp)_missing/, '/{id}');
      expect(documented).toContain(`${method} ${path}`);
    }
  });
});
