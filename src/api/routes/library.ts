import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { autopilotOff, autopilotOn, autopilotRunOnce, swapPick } from '../../core/operations/autopilot.js';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { csvOf, rowsOf } from '../../infra/csv.js';
import type { ContextOf } from '../request-context.js';
import { idParams, text } from './shared.js';

const IMPORT_LIMIT = 32 * 1024 * 1024;
const UPLOAD_LIMIT = 100 * 1024 * 1024;
const format = z.object({ format: z.enum(['csv', 'json']).default('json') });
const POST_COLUMNS = [
  'post_id',
  'job_id',
  'account',
  'at',
  'timezone',
  'status',
  'caption',
  'media',
  'repeat',
  'campaign',
  'asset',
  'published_at',
  'url',
];
const LIBRARY_COLUMNS = [
  'influencer',
  'url',
  'type',
  'caption',
  'hashtags',
  'tags',
  'score',
  'width',
  'height',
  'duration',
  'added_at',
  'posted_at',
  'times_posted',
  'state',
  'id',
];

/**
 * The content library and autopilot over HTTP: `/v1/library` (list, add, import, export,
 * re-queue), `/v1/posts:export`, a campaign's autopilot, and a pick's swap. Each route is one
 * operation; a CSV body is read into rows here and nowhere else.
 */
export function libraryRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: IMPORT_LIMIT },
      (_r, body, done) => done(null, body),
    );

    app.get(
      '/library',
      { schema: { querystring: z.object({ influencer: text(80).min(1) }).strict(), tags: ['library'] } },
      async (request) => {
        const { result } = await ops.libraryList(deps, await contextOf(request), {
          influencer: request.query.influencer,
        });
        return { items: result };
      },
    );

    const addBody = z
      .object({
        influencer: text(80).min(1),
        url: text(2048),
        type: z.enum(['image', 'video']).optional(),
        caption: text(5000).optional(),
        hashtags: z.union([text(2000), z.array(text(100)).max(60)]).optional(),
        tags: z.union([text(2000), z.array(text(100)).max(60)]).optional(),
        score: z.number().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        duration: z.number().optional(),
      })
      .strict();
    app.post(
      '/library',
      { schema: { body: addBody, tags: ['library'] }, config: { scope: 'write' } },
      async (request, reply) => {
        const { result } = await ops.libraryAdd(deps, await contextOf(request), request.body);
        return reply.code(201).send(result);
      },
    );

    app.addContentTypeParser(
      /^(application\/octet-stream|image\/[\w.+-]+|video\/[\w.+-]+)$/,
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
      (_r, body, done) => done(null, body),
    );
    const uploadQuery = z
      .object({
        influencer: text(80).min(1),
        score: z.coerce.number().optional(),
        caption: text(5000).optional(),
        hashtags: text(2000).optional(),
        tags: text(2000).optional(),
      })
      .strict();
    app.post(
      '/library::upload',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: { querystring: uploadQuery, tags: ['library'] },
        config: { scope: 'write' },
      },
      async (request, reply) => {
        const body = request.body;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const { result } = await ops.libraryUpload(deps, await contextOf(request), {
          ...request.query,
          bytes,
        });
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/library::import',
      {
        bodyLimit: IMPORT_LIMIT,
        schema: {
          querystring: z
            .object({ influencer: text(80).optional(), format: z.enum(['csv', 'json']).optional() })
            .strict(),
          tags: ['library'],
        },
        config: { scope: 'write' },
      },
      async (request) => {
        const csv = /^text\/(csv|plain)/.test(request.headers['content-type'] ?? '');
        const body = request.body;
        const fileFormat = request.query.format ?? (csv ? 'csv' : 'json');
        const source = typeof body === 'string' ? body : JSON.stringify(body ?? null);
        const rows = rowsOf(source, fileFormat);
        const { result } = await ops.libraryImport(deps, await contextOf(request), {
          rows,
          influencer: request.query.influencer,
        });
        return result;
      },
    );

    app.get(
      '/library::export',
      {
        schema: {
          querystring: format.extend({ influencer: text(80).optional() }).strict(),
          tags: ['library'],
        },
      },
      async (request, reply) => {
        const rows = await ops.libraryExport(deps, await contextOf(request), {
          influencer: request.query.influencer,
        });
        return request.query.format === 'csv'
          ? reply.type('text/csv; charset=utf-8').send(csvOf(rows, LIBRARY_COLUMNS))
          : { items: rows };
      },
    );

    app.post(
      '/library/:id/requeue',
      { schema: { params: idParams, tags: ['library'] }, config: { scope: 'write' } },
      async (request) =>
        (await ops.libraryRequeue(deps, await contextOf(request), { assetId: request.params.id })).result,
    );

    app.get(
      '/posts::export',
      {
        schema: {
          querystring: format
            .extend({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
            .strict(),
          tags: ['posts'],
        },
      },
      async (request, reply) => {
        const rows = await ops.postsExport(deps, await contextOf(request), {
          from: new Date(request.query.from),
          to: new Date(request.query.to),
        });
        return request.query.format === 'csv'
          ? reply.type('text/csv; charset=utf-8').send(csvOf(rows, POST_COLUMNS))
          : { items: rows };
      },
    );

    const pilotBody = z
      .object({
        enabled: z.boolean(),
        accounts: text(2000).optional(),
        rule: text(500).optional(),
        evergreen: text(40).optional(),
      })
      .strict();
    app.put(
      '/campaigns/:id/autopilot',
      { schema: { params: idParams, body: pilotBody, tags: ['campaigns'] }, config: { scope: 'admin' } },
      async (request) => {
        const ctx = await contextOf(request);
        const b = request.body;
        if (!b.enabled) return (await autopilotOff(deps, ctx, { campaign: request.params.id })).result;
        return (
          await autopilotOn(deps, ctx, {
            campaign: request.params.id,
            accounts: b.accounts ?? '',
            rule: b.rule ?? '',
            evergreen: b.evergreen,
          })
        ).result;
      },
    );

    app.post(
      '/campaigns/:id/autopilot::run-once',
      { schema: { params: idParams, tags: ['campaigns'] }, config: { scope: 'admin' } },
      async (request) => {
        const { result, reply } = await autopilotRunOnce(deps, await contextOf(request), {
          campaign: request.params.id,
        });
        return {
          outcome: result.kind,
          ...('post' in result ? { postId: result.post.id, assetId: result.asset.id } : {}),
          reply,
        };
      },
    );

    app.post(
      '/posts/:id/pick::next',
      {
        schema: {
          params: idParams,
          body: z.object({ never: z.boolean().optional() }).strict().optional(),
          tags: ['posts'],
        },
        config: { scope: 'write' },
      },
      async (request) => {
        const { result } = await swapPick(deps, await contextOf(request), {
          postId: request.params.id,
          never: request.body?.never === true,
        });
        return { post: result.post, asset: result.asset, previous: result.previous.id };
      },
    );
  };
}
