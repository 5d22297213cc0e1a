import type { Account, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { MAX_AHEAD_MS } from '../language/bounds.js';
import { applySpan, parseRelative, type Relative } from '../language/durations.js';
import { bulkShift, type ShiftResult } from '../use-cases/bulk-shift.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { windowBound } from './dates.js';
import { count, type Outcome } from './reply.js';

export interface ShiftRequest {
  /** The account whose posts move: `acc_…`, `@mia`, `instagram:@mia`. */
  account?: string | undefined;
  /** Or these jobs, picked one by one (a calendar's multi-select), whatever their accounts. */
  jobIds?: readonly string[] | undefined;
  /** A signed shift: `+1h`, `-30m`, `+2d`. */
  by: string;
  /** Window start: an instant, an ISO time, or a local date (`2026-12-01`); default now. */
  from?: Date | string | undefined;
  /** Window end (exclusive; a local date includes that day); default as far as anything is scheduled. */
  to?: Date | string | undefined;
  force?: boolean | undefined;
}

export interface ShiftOutcome {
  moved: number;
  refused: number;
  results: ShiftResult[];
}

/** Moves every post of an account planned in a window — or the jobs picked — by the same shift. */
export async function shift(
  deps: CoreDeps,
  ctx: OperationContext,
  req: ShiftRequest,
): Promise<Outcome<ShiftOutcome>> {
  const by = readShift(req.by, deps.clock.now());
  const groups = req.jobIds ? await picked(deps, ctx, req.jobIds) : [await windowOf(deps, ctx, req)];
  const results: ShiftResult[] = [];
  for (const group of groups)
    results.push(
      ...(await bulkShift(deps, {
        workspaceId: ctx.workspace.id,
        actor: ctx.actor,
        actorRoles: ctx.actorRoles,
        ...group,
        shift: by,
        force: req.force,
      })),
    );
  const moved = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  const who = groups.map((g) => `@${g.account.handle}`).join(', ');
  return {
    result: { moved, refused: refused.length, results },
    reply: {
      title: `Shifted ${count(moved, 'job')} of ${who} by ${req.by.trim()}`,
      lines: refused.map((r) => `${r.jobId} (${r.postId}) was left as it is: ${r.error}`),
      public: true,
      postIds: [...new Set(results.filter((r) => r.ok).map((r) => r.postId))],
    },
  };
}

type Group = { account: Account; from: Date; to: Date; jobs?: PublishJob[] };

/** An account's window: from now (or `from`) to as far as anything is scheduled (or `to`). */
async function windowOf(deps: CoreDeps, ctx: OperationContext, req: ShiftRequest): Promise<Group> {
  if (!req.account)
    throw new HeraldError('VALIDATION_FAILED', 'Say whose posts to shift, or which.', {
      hint: 'shift @demo +1d --from 2026-12-01 --to 2026-12-07',
    });
  const [account] = await resolveAccounts(deps, ctx.workspace.id, req.account);
  const zone = (account as Account).timezone;
  const from = windowBound(req.from, zone, 'from', false) ?? deps.clock.now();
  const to = windowBound(req.to, zone, 'to', true) ?? new Date(deps.clock.now().getTime() + MAX_AHEAD_MS);
  if (to.getTime() <= from.getTime())
    throw new HeraldError('VALIDATION_FAILED', 'The window ends before it starts.', {
      hint: 'Give "from" before "to", e.g. from 2026-12-01 to 2026-12-07.',
    });
  return { account: account as Account, from, to };
}

/** The jobs picked, by account: each account's gap and cap are its own. */
async function picked(deps: CoreDeps, ctx: OperationContext, ids: readonly string[]): Promise<Group[]> {
  const jobs = await deps.jobs.getMany(ctx.workspace.id, [...new Set(ids)]);
  if (jobs.length !== new Set(ids).size)
    throw new HeraldError('NOT_FOUND', 'Some of the picked jobs are not in this workspace.', {
      hint: 'Pick them again from the calendar or `list`.',
    });
  const accounts = await deps.accounts.getMany(ctx.workspace.id, [...new Set(jobs.map((j) => j.accountId))]);
  return accounts.map((account) => ({
    account,
    from: new Date(0),
    to: new Date(0),
    jobs: jobs.filter((j) => j.accountId === account.id),
  }));
}

/** A signed, non-zero shift that keeps anything within the time bound. */
function readShift(text: string, now: Date): Relative {
  const relative = parseRelative(text.trim().toLowerCase());
  if (!relative?.delta)
    throw new HeraldError('UNPARSEABLE_TIME', `"${text.slice(0, 50)}" is not a shift.`, {
      hint: 'Use a signed duration: "+1h", "-30m", "+2d".',
    });
  const { span } = relative;
  if (span.months === 0 && span.days === 0 && span.ms === 0)
    throw new HeraldError('UNPARSEABLE_TIME', `"${text.slice(0, 50)}" does not move anything.`, {
      hint: '+1h',
    });
  const probe = applySpan(now, span, 1, 'UTC').getTime();
  if (!Number.isFinite(probe) || Math.abs(probe - now.getTime()) > MAX_AHEAD_MS)
    throw new HeraldError('TIME_OUT_OF_RANGE', `"${text.slice(0, 50)}" moves posts more than 5 years.`, {
      hint: 'Use a shift of up to a few years, e.g. "+2d".',
    });
  return relative;
}
