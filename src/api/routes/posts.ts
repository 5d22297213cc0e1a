import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOB_STATUSES } from '../../core/domain/job-status.js';
import { PLATFORMS } from '../../core/domain/types.js';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { ContextOf } from '../request-context.js';
import { idParams, media, text, when } from './shared.js';

const createBody = z
  .object({
    accounts: z.array(text(200).min(1)).min(1).max(20),
    caption: text(5000),
    /** Own captions of some accounts, keyed by the account (`@zoe`, `instagram:@mia`, `acc_…`). */
    captions: z.record(text(200), text(5000)).optional(),
    media: z.array(media).max(20).optional(),
    /** What the video opens on: a moment (`3s`, `0:03`, `1500ms`), a picture's URL, or one of `media` (it goes first). */
    cover: text(2100).optional(),
    when,
    timezone: text(64).optional(),
    campaignId: text(64).optional(),
    force: z.boolean().optional(),
    /** Also keep the media in the first account's influencer's library. */
    saveToLibrary: z.boolean().optional(),
  })
  .strict();
const listQuery = z
  .object({
    status: z.enum(['active', 'cancelled', ...JOB_STATUSES]).optional(),
    accountId: text(200).optional(),
    platform: z.enum(PLATFORMS).optional(),
    campaignId: text(64).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: text(500).optional(),
  })
  .strict();

/** `/v1/posts`: each route reads its request onto one operation, the same the chat runs. */
export function postRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/posts',
      { schema: { body: createBody, tags: ['posts'] }, config: { scope: 'write', idempotent: true } },
      async (request, reply) => {
        const out = await ops.schedule(deps, await contextOf(request), {
          ...request.body,
          requestKey: request.idempotencyClaim?.key,
        });
        return reply.code(201).send({ ...out.result, interpretation: out.reply.interpretation });
      },
    );

    app.get('/posts', { schema: { querystring: listQuery, tags: ['posts'] } }, async (request) => {
      const { accountId, from, to, ...q } = request.query;
      return ops.listPostsOp(deps, await contextOf(request), {
        ...q,
        account: accountId,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
    });

    app.get('/posts/:id', { schema: { params: idParams, tags: ['posts'] } }, async (request) => {
      const { post, jobs, attempts, badges } = (
        await ops.show(deps, await contextOf(request), { postId: request.params.id })
      ).result;
      return { post, jobs, attempts, badges };
    });

    const occurrence = text(100).optional();
    const decision = z.object({ jobIds: z.array(text(64)).max(100).optional() }).strict();
    const action = <B extends z.ZodTypeAny>(
      path: string,
      scope: 'write' | 'approve',
      body: B,
      run: (ctx: ops.OperationContext, postId: string, body: z.infer<B>) => Promise<ops.Outcome<object>>,
    ) =>
      app.post(
        `/posts/:id/${path}`,
        { schema: { params: idParams, body: body.optional(), tags: ['posts'] }, config: { scope } },
        async (request) => {
          const out = await run(
            await contextOf(request),
            request.params.id,
            (request.body ?? {}) as z.infer<B>,
          );
          return {
            ...out.result,
            ...(out.reply.interpretation ? { interpretation: out.reply.interpretation } : {}),
          };
        },
      );

    action('cancel', 'write', z.object({ occurrence }).strict(), (ctx, postId, b) =>
      ops.cancel(deps, ctx, { postId, occurrence: b.occurrence }),
    );
    action('skip', 'write', z.object({ occurrence: text(100).min(1) }).strict(), (ctx, postId, b) =>
      ops.skip(deps, ctx, { postId, occurrence: b.occurrence }),
    );
    action('publish-now', 'write', decision, (ctx, postId, b) => ops.publishNow(deps, ctx, { postId, ...b }));
    action('retry', 'write', decision, (ctx, postId, b) => ops.retry(deps, ctx, { postId, ...b }));
    action('approve', 'approve', decision, (ctx, postId, b) => ops.approve(deps, ctx, { postId, ...b }));
    action('reject', 'approve', decision.extend({ reason: text(500).optional() }), (ctx, postId, b) =>
      ops.reject(deps, ctx, { postId, ...b }),
    );
    action(
      'reschedule',
      'write',
      z.object({ when, timezone: text(64).optional(), occurrence, force: z.boolean().optional() }).strict(),
      (ctx, postId, b) => ops.reschedule(deps, ctx, { postId, ...b }),
    );
  };
}
