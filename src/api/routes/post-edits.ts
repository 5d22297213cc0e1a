import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { ContextOf } from '../request-context.js';
import { idParams, media, text, when } from './shared.js';

/** Edits: `PATCH /v1/posts/:id` (optimistic concurrency), bulk shift and cancel-all of an account. */
export function postEditRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    const patchBody = z
      .object({
        version: z.number().int().min(1),
        caption: text(5000).optional(),
        media: z.array(media).max(20).optional(),
        when: when.optional(),
        timezone: text(64).optional(),
      })
      .strict();
    app.patch(
      '/posts/:id',
      { schema: { params: idParams, tags: ['posts'], body: patchBody }, config: { scope: 'write' } },
      async (request) =>
        (await ops.edit(deps, await contextOf(request), { postId: request.params.id, ...request.body }))
          .result,
    );

    const shiftBody = z
      .object({
        accountId: text(200).min(1).optional(),
        jobIds: z.array(text(64)).min(1).max(500).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        by: text(50),
        force: z.boolean().optional(),
      })
      .strict();
    app.post(
      '/posts::bulk-shift',
      { schema: { tags: ['posts'], body: shiftBody }, config: { scope: 'write' } },
      async (request) => {
        const { accountId, ...body } = request.body;
        return (await ops.shift(deps, await contextOf(request), { account: accountId, ...body })).result;
      },
    );

    const cancelAllBody = z.object({ account: text(200).min(1), confirm: z.boolean().optional() }).strict();
    app.post(
      '/posts::cancel-all',
      { schema: { tags: ['posts'], body: cancelAllBody }, config: { scope: 'write' } },
      async (request) => (await ops.cancelAll(deps, await contextOf(request), request.body)).result,
    );
  };
}
