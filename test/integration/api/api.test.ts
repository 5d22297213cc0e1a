import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';
import { type Harness, seedWorkspace } from '../../support/harness.js';

const NOW = new Date('2026-11-21T10:00:00Z');
let api: ApiHarness;
let h: Harness;
let app: ApiHarness['app'];
const keys: Record<string, string> = {};

beforeAll(async () => {
  api = await createApiHarness({ label: 'api', clock: new ManualClock(NOW) });
  ({ h, app } = api);
  keys.rw = await api.key(['read', 'write']);
  keys.read = await api.key(['read']);
  keys.approver = await api.key(['read', 'approve']);
  const other = await seedWorkspace(h.deps, 'auto', 'other-tenant');
  keys.foreign = await api.key(['admin'], other.workspace.id);
});
afterAll(async () => api.close());

const call = (method: 'GET' | 'POST', url: string, key?: string, body?: unknown) =>
  api.call(method, url, key, body);
const create = (body: Record<string, unknown> = {}, key = keys.rw) =>
  call('POST', '/v1/posts', key, { accounts: ['@demo'], caption: 'Hello', when: 'tomorrow 9am', ...body });

describe('/v1/posts', () => {
  it('creates a post from natural language and answers 201 with the interpretation echo', async () => {
    const res = await create({ timezone: 'Europe/Paris' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.post).toMatchObject({
      caption: 'Hello',
      timezone: 'Europe/Paris',
      scheduledAt: '2026-11-22T08:00:00.000Z',
    });
    expect(body.interpretation.lines.join('\n')).toContain('Sun 22 Nov 2026 09:00 CET');
    const got = await call('GET', `/v1/posts/${body.post.id}`, keys.read);
    expect(got.json()).toMatchObject({
      post: { id: body.post.id },
      jobs: [{ status: 'scheduled' }],
      attempts: [],
    });
  });

  it('names the field of each validation error and rejects unknown fields, as problem+json', async () => {
    const res = await call('POST', '/v1/posts', keys.rw, {
      accounts: ['@demo'],
      when: 'tomorrow 9am',
      extra: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.caption', 'body.extra']));
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('refuses an unreadable time and an unknown zone with a hint, and a time in the past', async () => {
    expect((await create({ when: 'tomorow 9am' })).json()).toMatchObject({
      status: 422,
      code: 'UNPARSEABLE_TIME',
      hint: expect.any(String),
    });
    expect((await create({ timezone: 'Europe/Pari' })).json()).toMatchObject({
      code: 'UNKNOWN_TIMEZONE',
      hint: expect.stringContaining('Europe/Paris'),
    });
    expect((await create({ when: '2026-11-20 09:00' })).json()).toMatchObject({ code: 'TIME_IN_PAST' });
  });

  it('requires a key (401), the right scope (403), and hides other workspaces’ posts (404)', async () => {
    const id = (await create()).json().post.id;
    expect((await call('GET', '/v1/posts')).statusCode).toBe(401);
    expect(
      (await call('GET', '/v1/posts', 'hk_000000000000_notarealkeynotarealkeynotarealke')).statusCode,
    ).toBe(401);
    expect((await create({}, keys.read)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await call('GET', `/v1/posts/${id}`, keys.foreign)).statusCode).toBe(404);
    expect((await call('POST', `/v1/posts/${id}/cancel`, keys.foreign, {})).statusCode).toBe(404);
    expect((await call('GET', `/v1/posts/${id}`, keys.read)).json().post.status).toBe('active');
    expect(
      (await call('GET', '/v1/posts?limit=200', keys.foreign))
        .json()
        .items.some((v: { post: { id: string } }) => v.post.id === id),
    ).toBe(false);
  });

  it('cancels once, then answers 409 with the current status', async () => {
    const id = (await create()).json().post.id;
    const cancelled = await call('POST', `/v1/posts/${id}/cancel`, keys.rw, {});
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().post).toMatchObject({ status: 'cancelled', version: 2 });
    const trail = (await call('GET', `/v1/audit?subjectId=${id}`, keys.read)).json().items;
    expect(trail.filter((e: { action: string }) => e.action === 'post.cancelled')).toEqual([
      expect.objectContaining({ before: { status: 'active' }, after: { status: 'cancelled' } }),
    ]);
    const again = await call('POST', `/v1/posts/${id}/cancel`, keys.rw, {});
    expect(again.json()).toMatchObject({ status: 409, code: 'INVALID_TRANSITION', statuses: ['cancelled'] });
  });

  it('reschedules by a delta, refuses the past, and needs the approve scope to approve', async () => {
    const id = (await create()).json().post.id;
    const moved = await call('POST', `/v1/posts/${id}/reschedule`, keys.rw, { when: '+1h' });
    expect(moved.json().post.scheduledAt).toBe('2026-11-22T10:00:00.000Z');
    expect((await call('GET', `/v1/posts/${id}`, keys.read)).json().post.scheduledAt).toBe(
      '2026-11-22T10:00:00.000Z',
    );
    const shown = (await call('GET', `/v1/posts/${id}`, keys.read)).json();
    expect(shown.jobs).toEqual([
      expect.objectContaining({ status: 'scheduled', nextAttemptAt: '2026-11-22T10:00:00.000Z', version: 2 }),
    ]);
    const jobTrail = (await call('GET', `/v1/audit?subjectId=${shown.jobs[0].id}`, keys.read)).json().items;
    expect(jobTrail).toEqual([
      expect.objectContaining({
        action: 'job.scheduled',
        before: { status: 'scheduled', version: 1 },
        after: { status: 'scheduled', version: 2 },
        decision: expect.objectContaining({ control: 'reschedule', from: '2026-11-22T09:00:00.000Z' }),
      }),
    ]);
    const trail = (await call('GET', `/v1/audit?subjectId=${id}`, keys.read)).json().items;
    expect(trail.filter((e: { action: string }) => e.action === 'post.rescheduled')).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({ scheduledAt: '2026-11-22T10:00:00.000Z' }),
      }),
    ]);
    expect(
      (await call('POST', `/v1/posts/${id}/reschedule`, keys.rw, { when: '2020-01-01 09:00' })).json().code,
    ).toBe('TIME_IN_PAST');
    expect((await call('POST', `/v1/posts/${id}/approve`, keys.rw, {})).statusCode).toBe(403);
    expect((await call('POST', `/v1/posts/${id}/approve`, keys.approver, {})).json().code).toBe('FORBIDDEN');
  });

  it('reschedules a job that needs attention back to scheduled with its error cleared', async () => {
    const id = (await create()).json().post.id;
    const [stuck] = (await call('GET', `/v1/posts/${id}`, keys.read)).json().jobs;
    await h.deps.jobs.transition(stuck.id, { from: ['scheduled'] }, 'needs_attention', {
      lastError: { code: 'token_expired', message: 'reconnect' },
    });
    const moved = (await call('POST', `/v1/posts/${id}/reschedule`, keys.rw, { when: '+2h' })).json();
    expect(moved.moved).toEqual([
      expect.objectContaining({
        id: stuck.id,
        status: 'scheduled',
        nextAttemptAt: '2026-11-22T11:00:00.000Z',
      }),
    ]);
    expect(moved.moved[0].lastError).toBeUndefined();
    expect(moved.moved[0].failureCount).toBe(0);
    // Its only job moved away from the post's time: the next reschedule reads it, and moves it.
    const lone = (await create()).json().post;
    const [job] = (await call('GET', `/v1/posts/${lone.id}`, keys.read)).json().jobs;
    await h.deps.jobs.patch(
      job.id,
      { status: ['scheduled'] },
      { nextAttemptAt: new Date('2026-11-22T09:05:00Z') },
    );
    const again = (await call('POST', `/v1/posts/${lone.id}/reschedule`, keys.rw, { when: '+1h' })).json();
    expect(again.moved).toEqual([
      expect.objectContaining({ id: job.id, nextAttemptAt: '2026-11-22T10:00:00.000Z', version: 3 }),
    ]);
    const trail = (await call('GET', `/v1/audit?subjectId=${job.id}`, keys.read)).json().items;
    expect(trail[0].decision.from).toBe('2026-11-22T09:05:00.000Z');
  });

  it('pages through posts with a cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = (
        await call('GET', `/v1/posts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, keys.read)
      ).json();
      for (const v of page.items) seen.add(v.post.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe((await call('GET', '/v1/posts?limit=200', keys.read)).json().items.length);
  });

  it('answers 413 for a body over 256 kB', async () => {
    expect((await create({ caption: 'x'.repeat(300_000) })).statusCode).toBe(413);
  });
});

describe('Idempotency-Key on creates', () => {
  const send = (key: string, caption: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/posts',
      headers: { authorization: `Bearer ${keys.rw}`, 'idempotency-key': key },
      payload: { accounts: ['@demo'], caption, when: 'in 3 hours' },
    });
  const stored = (caption: string) => h.testDb.db.collection('posts').countDocuments({ caption });

  it('answers a repeated request with the original response and creates nothing new', async () => {
    const first = await send('idem-1', 'Once only');
    const again = await send('idem-1', 'Once only');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().post.id).toBe(first.json().post.id);
    expect(await stored('Once only')).toBe(1);
  });

  it('refuses the same key with a different body with 409', async () => {
    await send('idem-2', 'First body');
    expect((await send('idem-2', 'Second body')).json()).toMatchObject({
      status: 409,
      code: 'IDEMPOTENCY_MISMATCH',
    });
    expect(await stored('Second body')).toBe(0);
  });

  it('creates exactly one post when 10 retries with one key arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => send('idem-3', 'Racing retries')));
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(await stored('Racing retries')).toBe(1);
  });
});

describe('commands, accounts, docs, metrics', () => {
  it('runs a chat command and returns the reply the chat would show', async () => {
    const res = await call('POST', '/v1/commands', keys.rw, {
      text: 'schedule @demo "From the API" in 2 hours',
    });
    expect(res.json().title).toMatch(/^Scheduled pst_\w+ for @demo \(dryrun\)$/);
    expect((await call('POST', '/v1/commands', keys.rw, { text: 'frobnicate' })).json()).toMatchObject({
      code: 'UNKNOWN_COMMAND',
    });
  });

  it('lists accounts without any credential field', async () => {
    const res = (await call('GET', '/v1/accounts', keys.read)).json();
    expect(res.items[0]).toMatchObject({ handle: 'demo', platform: 'dryrun', connected: false });
    expect(JSON.stringify(res)).not.toMatch(/credential|token/i);
  });

  it('serves an OpenAPI document listing every /v1 route, and Prometheus metrics', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/posts',
        '/v1/posts/{id}',
        '/v1/posts/{id}/cancel',
        '/v1/posts/{id}/reschedule',
        '/v1/posts/{id}/approve',
        '/v1/commands',
        '/v1/accounts',
        '/v1/audit',
      ]),
    );
    const metrics = (await call('GET', '/metrics')).body;
    expect(metrics).toMatch(/herald_jobs\{status="scheduled"\} \d+/);
    expect(metrics).toContain('herald_api_request_seconds_bucket');
  });

  it('works through a real socket', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${address}/v1/posts`, { headers: { authorization: `Bearer ${keys.read}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
});

describe('fuzzed create bodies', () => {
  it('only ever answer 2xx or 4xx, and a 4xx stores nothing', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constant({ $gt: '' }),
      fc.constant({ $where: 'sleep(1000)' }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            accounts: fc.oneof(fc.constant(['@demo']), hostile),
            caption: hostile,
            when: fc.oneof(fc.constant('in 3 hours'), hostile),
            timezone: fc.option(hostile, { nil: undefined }),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = await h.testDb.db.collection('posts').countDocuments();
          const res = await call('POST', '/v1/posts', keys.rw, body);
          expect(res.statusCode).toBeGreaterThanOrEqual(200);
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(await h.testDb.db.collection('posts').countDocuments()).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  });
});
