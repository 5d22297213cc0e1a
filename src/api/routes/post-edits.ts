import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { whenFields } from '../../core/commands/schedule-command.js';
import { notFound } from '../../core/errors.js';
import { parseReschedule } from '../../core/language/index.js';
import { bulkShift } from '../../core/use-cases/bulk-shift.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { editPost } from '../../core/use-cases/edit-post.js';
import { actorOf } from '../auth.js';
import { idParams, media, parsed, text, zoneOrThrow } from './shared.js';

/** Edits: `PATCH /v1/posts/:id` (optimistic concurrency) and `POST /v1/posts:bulk-shift`. */
export function postEditRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/posts/:id',
      {
        schema: {
          params: idParams,
          tags: ['posts'],
          body: z
            .object({
              version: z.number().int().min(1),
              caption: text(5000).optional(),
              media: z.array(media).max(20).optional(),
              when: text(500).min(1).optional(),
              timezone: text(64).optional(),
            })
            .strict(),
        },
        config: { scope: 'write' },
      },
      async (request) => {
        const ws = request.grant.workspaceId;
        const { version, caption, media: items, when, timezone } = request.body;
        const post = await deps.posts.get(ws, request.params.id);
        if (!post) throw notFound('post', request.params.id);
        const zone = timezone ? zoneOrThrow(timezone) : post.timezone;
        const time = when
          ? whenFields(
              parsed(parseReschedule(when, { now: deps.clock.now(), zone, current: post.scheduledAt })),
            )
          : undefined;
        return editPost(deps, {
          workspaceId: ws,
          postId: post.id,
          actor: actorOf(request),
          version,
          ...(caption !== undefined ? { caption } : {}),
          ...(items ? { media: items } : {}),
          ...(time ? { time } : {}),
        });
      },
    );

    app.post(
      '/posts::bulk-shift',
      {
        schema: {
          tags: ['posts'],
          body: z
            .object({
              accountId: text(64).min(1),
              from: z.iso.datetime({ offset: true }),
              to: z.iso.datetime({ offset: true }),
              by: text(50).min(2),
            })
            .strict(),
        },
        config: { scope: 'write' },
      },
      async (request) => {
        const ws = request.grant.workspaceId;
        const account = await deps.accounts.get(ws, request.body.accountId);
        if (!account) throw notFound('account', request.body.accountId);
        const results = await bulkShift(deps, {
          workspaceId: ws,
          actor: actorOf(request),
          accountId: account.id,
          from: new Date(request.body.from),
          to: new Date(request.body.to),
          by: request.body.by,
          zone: account.timezone,
        });
        return {
          moved: results.filter((r) => r.ok).length,
          refused: results.filter((r) => !r.ok).length,
          results,
        };
      },
    );
  };
}
