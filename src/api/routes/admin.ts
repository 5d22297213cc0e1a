import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOB_STATUSES } from '../../core/domain/job-status.js';
import { type Account, PLATFORMS } from '../../core/domain/types.js';
import { HeraldError, notFound } from '../../core/errors.js';
import { resolveZone, suggestZones } from '../../core/language/index.js';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { connectAccount, updateAccount } from '../../core/use-cases/manage-accounts.js';
import { actorOf } from '../auth.js';
import type { ContextOf } from '../request-context.js';

const zone = z
  .string()
  .max(64)
  .transform((name, ctx) => {
    const found = resolveZone(name);
    if (!found)
      ctx.addIssue({
        code: 'custom',
        message: `not an IANA time zone; did you mean ${suggestZones(name).join(', ')}?`,
      });
    return found ?? name;
  });
const handle = z
  .string()
  .regex(/^@?[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
  .transform((h) => h.replace(/^@/, ''));
const secret = z.string().min(1).max(4096);
/** The account's default posting time: what `tomorrow` alone means. */
const defaultTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 09:00');
const idParams = z.object({ id: z.string().min(1).max(64) }).strict();
const policy = {
  mode: z.enum(['suggest_only', 'approval', 'auto']),
  approvers: z.array(z.string().min(1).max(100)).max(100),
  fourEyes: z.boolean(),
  minGapMinutes: z.number().int().min(0).max(10_080),
  dailyCap: z.number().int().min(0).max(1000),
  retryPolicy: z.object({ delaysMs: z.array(z.number().int().min(1000).max(86_400_000)).max(10) }).strict(),
  approvalsChannel: z.string().max(100),
};

/** What the API shows of an account: never the token, only whether one is connected and works. */
const publicAccount = ({ credentialId, connection, ...account }: Account) => ({
  ...account,
  connected: Boolean(credentialId) && connection?.status !== 'needs_reconnect',
  ...(connection ? { connection: { ...connection, refreshing: undefined } } : {}),
});

/** Accounts (credentials write-only), campaigns (policy), jobs and attempts. */
export function adminRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/accounts', { schema: { tags: ['accounts'] } }, async (request) => ({
      items: (await deps.accounts.list(request.grant.workspaceId)).map(publicAccount),
    }));
    app.post(
      '/accounts',
      {
        schema: {
          tags: ['accounts'],
          body: z
            .object({
              platform: z.enum(PLATFORMS),
              handle,
              timezone: zone,
              defaultTime: defaultTime.optional(),
              influencer: handle.optional(),
              platformUserId: z.string().max(200).optional(),
              token: secret.optional(),
              tokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
            })
            .strict(),
        },
        config: { scope: 'admin', idempotent: true },
      },
      async (request, reply) => {
        const { tokenExpiresAt, ...body } = request.body;
        const account = await connectAccount(deps, {
          ...body,
          workspaceId: request.grant.workspaceId,
          actor: actorOf(request),
          ...(tokenExpiresAt ? { tokenExpiresAt: new Date(tokenExpiresAt) } : {}),
        });
        return reply.code(201).send(publicAccount(account));
      },
    );
    app.patch(
      '/accounts/:id',
      {
        schema: {
          tags: ['accounts'],
          params: idParams,
          body: z
            .object({
              timezone: zone.optional(),
              defaultTime: defaultTime.optional(),
              platformUserId: z.string().max(200).optional(),
              token: secret.optional(),
              tokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
            })
            .strict(),
        },
        config: { scope: 'admin' },
      },
      async (request) => {
        const { tokenExpiresAt, ...body } = request.body;
        return publicAccount(
          await updateAccount(deps, {
            ...body,
            id: request.params.id,
            workspaceId: request.grant.workspaceId,
            actor: actorOf(request),
            ...(tokenExpiresAt ? { tokenExpiresAt: new Date(tokenExpiresAt) } : {}),
          }),
        );
      },
    );
    const slotPlan = z.union([
      z.string().max(500),
      z
        .array(
          z
            .object({
              days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
              times: z.array(defaultTime).min(1).max(48),
            })
            .strict(),
        )
        .max(20),
    ]);
    app.get('/accounts/:id/slots', { schema: { tags: ['accounts'], params: idParams } }, async (request) => {
      const { result } = await ops.slots(deps, await contextOf(request), { account: request.params.id });
      return { slots: result.slots, next: result.next };
    });
    app.put(
      '/accounts/:id/slots',
      {
        schema: { tags: ['accounts'], params: idParams, body: z.object({ plan: slotPlan }).strict() },
        config: { scope: 'admin' },
      },
      async (request) => {
        const ctx = await contextOf(request);
        const { result } = await ops.slots(deps, ctx, {
          account: request.params.id,
          plan: request.body.plan,
        });
        return { slots: result.slots, next: result.next };
      },
    );
    app.get('/campaigns', { schema: { tags: ['campaigns'] } }, async (request) => ({
      items: await deps.campaigns.list(request.grant.workspaceId),
    }));
    app.post(
      '/campaigns',
      {
        schema: {
          tags: ['campaigns'],
          body: z
            .object({
              name: z.string().min(1).max(100),
              ...policy,
              mode: policy.mode.default('suggest_only'),
              approvers: policy.approvers.default([]),
              fourEyes: policy.fourEyes.default(false),
              minGapMinutes: policy.minGapMinutes.default(0),
              dailyCap: policy.dailyCap.default(0),
              retryPolicy: policy.retryPolicy.optional(),
              approvalsChannel: policy.approvalsChannel.optional(),
            })
            .strict(),
        },
        config: { scope: 'admin', idempotent: true },
      },
      async (request, reply) => {
        const ws = request.grant.workspaceId;
        if ((await deps.campaigns.list(ws)).some((c) => c.name === request.body.name)) {
          throw new HeraldError('CONFLICT', `A campaign named "${request.body.name}" exists.`, {
            hint: 'Pick another name, or PATCH the existing one.',
          });
        }
        return reply.code(201).send(await deps.campaigns.ensure({ ...request.body, workspaceId: ws }));
      },
    );
    app.patch(
      '/campaigns/:id',
      {
        schema: {
          tags: ['campaigns'],
          params: idParams,
          body: z
            .object({
              version: z.number().int().min(1),
              ...Object.fromEntries(Object.entries(policy).map(([k, v]) => [k, v.optional()])),
            })
            .strict(),
        },
        config: { scope: 'admin' },
      },
      async (request) => {
        const { version, ...patch } = request.body as { version: number } & Record<string, unknown>;
        const ws = request.grant.workspaceId;
        if (!(await deps.campaigns.get(ws, request.params.id))) throw notFound('campaign', request.params.id);
        const updated = await deps.campaigns.update(ws, request.params.id, version, patch);
        if (!updated)
          throw new HeraldError(
            'VERSION_CONFLICT',
            `Campaign ${request.params.id} is no longer at version ${version}.`,
            { hint: 'GET it again and resend with its current version.' },
          );
        return updated;
      },
    );
    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          querystring: z
            .object({
              postId: z.string().max(64).optional(),
              status: z.enum(JOB_STATUSES).optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
              cursor: z.string().max(500).optional(),
            })
            .strict(),
        },
      },
      async (request) => deps.jobs.page({ workspaceId: request.grant.workspaceId, ...request.query }),
    );
    app.get(
      '/attempts',
      {
        schema: {
          tags: ['attempts'],
          querystring: z
            .object({ jobId: z.string().max(64).optional(), postId: z.string().max(64).optional() })
            .strict(),
        },
      },
      async (request) => {
        const { jobId, postId } = request.query;
        const ws = request.grant.workspaceId;
        if (!jobId && !postId)
          throw new HeraldError('VALIDATION_FAILED', 'Give jobId or postId.', {
            hint: '/v1/attempts?postId=pst_…',
          });
        return {
          items: jobId
            ? await deps.attempts.listByJob(ws, jobId)
            : await deps.attempts.listByPost(ws, postId as string),
        };
      },
    );
  };
}
