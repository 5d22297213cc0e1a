import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAccounts } from '../../core/commands/accounts.js';
import { whenFields } from '../../core/commands/schedule-command.js';
import { notFound } from '../../core/errors.js';
import { interpret, parseReschedule, parseWhen } from '../../core/language/index.js';
import { approvePost, rejectPost } from '../../core/use-cases/approve-post.js';
import { cancelPost } from '../../core/use-cases/cancel-post.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { jobsOfPost, postOrNotFound } from '../../core/use-cases/jobs-of-post.js';
import { listPosts } from '../../core/use-cases/list-posts.js';
import { publishNow, retryNow } from '../../core/use-cases/publish-now.js';
import { reschedulePost } from '../../core/use-cases/reschedule-post.js';
import { schedulePost } from '../../core/use-cases/schedule-post.js';
import { actorOf } from '../auth.js';
import { idParams, media, parsed, text, zoneOrThrow } from './shared.js';

const createBody = z
  .object({
    accounts: z.array(text(200).min(1)).min(1).max(20),
    caption: text(5000),
    media: z.array(media).max(20).optional(),
    when: text(500).min(1),
    timezone: text(64).optional(),
    campaignId: text(64).optional(),
    force: z.boolean().optional(),
  })
  .strict();
const listQuery = z
  .object({
    status: z.enum(['active', 'cancelled']).optional(),
    accountId: text(64).optional(),
    campaignId: text(64).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: text(500).optional(),
  })
  .strict();

/** `/v1/posts`: the same use cases as the chat, behind API keys. */
export function postRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/posts',
      { schema: { body: createBody, tags: ['posts'] }, config: { scope: 'write', idempotent: true } },
      async (request, reply) => {
        const ws = request.grant.workspaceId;
        const body = request.body;
        const accounts = (await Promise.all(body.accounts.map((a) => accountById(deps, ws, a)))).flat();
        const zone = body.timezone ? zoneOrThrow(body.timezone) : (accounts[0]?.timezone ?? 'UTC');
        const when = parsed(parseWhen(body.when, { now: deps.clock.now(), zone }));
        const result = await schedulePost(deps, {
          workspaceId: ws,
          actor: actorOf(request),
          accountIds: accounts.map((a) => a.id),
          caption: body.caption,
          media: body.media ?? [],
          ...(body.campaignId ? { campaignId: body.campaignId } : {}),
          ...(body.force ? { force: true } : {}),
          ...whenFields(when),
        });
        return reply.code(201).send({ ...result, interpretation: interpret(when, deps.clock.now()) });
      },
    );

    app.get('/posts', { schema: { querystring: listQuery, tags: ['posts'] } }, async (request) => {
      const { from, to, ...q } = request.query;
      return listPosts(deps, {
        ...q,
        workspaceId: request.grant.workspaceId,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
    });

    app.get('/posts/:id', { schema: { params: idParams, tags: ['posts'] } }, async (request) => {
      const ws = request.grant.workspaceId;
      const post = await deps.posts.get(ws, request.params.id);
      if (!post) throw notFound('post', request.params.id);
      const [jobs, attempts] = await Promise.all([
        jobsOfPost(deps, post),
        deps.attempts.listByPost(ws, post.id),
      ]);
      return { post, jobs, attempts };
    });

    const action = (
      path: string,
      scope: 'write' | 'approve',
      run: (
        input: { workspaceId: string; postId: string; actor: ReturnType<typeof actorOf> },
        body: Record<string, string | undefined>,
      ) => Promise<unknown>,
      body = z.object({}).strict(),
    ) =>
      app.post(
        `/posts/:id/${path}`,
        { schema: { params: idParams, body: body.optional(), tags: ['posts'] }, config: { scope } },
        async (request) =>
          run(
            { workspaceId: request.grant.workspaceId, postId: request.params.id, actor: actorOf(request) },
            (request.body ?? {}) as Record<string, string | undefined>,
          ),
      );

    action('cancel', 'write', (input) => cancelPost(deps, input));
    action('publish-now', 'write', (input) => publishNow(deps, input));
    action('retry', 'write', (input) => retryNow(deps, input));
    action('approve', 'approve', (input) => approvePost(deps, input));
    action(
      'reject',
      'approve',
      (input, body) => rejectPost(deps, { ...input, ...(body.reason ? { reason: body.reason } : {}) }),
      z.object({ reason: text(500).optional() }).strict(),
    );
    action(
      'reschedule',
      'write',
      async (input, body) => {
        // The post alone: the reschedule reads its jobs only when it cannot move them without.
        const post = await postOrNotFound(deps, input.workspaceId, input.postId);
        const zone = body.timezone ? zoneOrThrow(body.timezone) : post.timezone;
        const when = parsed(
          parseReschedule(body.when ?? '', { now: deps.clock.now(), zone, current: post.scheduledAt }),
        );
        return {
          ...(await reschedulePost(deps, { ...input, ...whenFields(when), loaded: { post } })),
          interpretation: interpret(when, deps.clock.now()),
        };
      },
      z.object({ when: text(500).min(1), timezone: text(64).optional() }).strict(),
    );
  };
}

/** An account named by id (`acc_…`) or as typed in chat (`@mia`, `instagram:@mia`). */
async function accountById(deps: CoreDeps, workspaceId: string, ref: string) {
  if (ref.startsWith('acc_')) {
    const account = await deps.accounts.get(workspaceId, ref);
    if (!account) throw notFound('account', ref);
    return [account];
  }
  return resolveAccounts(deps, workspaceId, ref);
}
