import { isAhead } from '../domain/planned-time.js';
import { nextFreeSlot, slotsBetween } from '../domain/posting-slots.js';
import { formatWall, instantToWall } from '../domain/time.js';
import type { Account, Campaign, PostingSlot } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { formatLocal, formatRelative, type When } from '../language/index.js';
import { describeSlotPlan, parseSlotPlan } from '../language/slot-plan.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import type { Outcome } from './reply.js';

const DAY = 86_400_000;
/** `next slot`, `next free slot`: the phrase that takes an account's next free posting slot. */
export const NEXT_SLOT = /^\s*next\s+(free\s+)?slot\s*$/i;

/** An account's posting plan: shown, or set from words (`mon-fri 09:00,12:30 sat 11:00`, `clear`). */
export async function slots(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { account: string; plan?: string | readonly PostingSlot[] | undefined },
): Promise<Outcome<{ account: Account; slots: PostingSlot[]; next: Date[] }>> {
  const [found] = await resolveAccounts(deps, ctx.workspace.id, req.account);
  let account = found as Account;
  if (req.plan !== undefined) account = await store(deps, ctx, account, planOf(req.plan));
  const plan = account.slots ?? [];
  const now = deps.clock.now();
  const next = slotsBetween(plan, account.timezone, now, new Date(now.getTime() + 14 * DAY)).slice(0, 3);
  const lines =
    plan.length === 0
      ? [
          'No posting slots: `queue` needs some. Set them with: slots @' +
            account.handle +
            ' mon-fri 09:00,12:30,18:00',
        ]
      : [
          describeSlotPlan(plan),
          ...next.map((at) => `next: ${formatLocal(at, account.timezone)} (${formatRelative(at, now)})`),
        ];
  return {
    result: { account, slots: plan, next },
    reply: {
      title: `Posting slots of @${account.handle} (${account.platform}, ${account.timezone})`,
      lines,
      public: false,
    },
  };
}

function planOf(plan: string | readonly PostingSlot[]): PostingSlot[] {
  if (typeof plan !== 'string') return [...plan];
  if (/^\s*(clear|none)\s*$/i.test(plan)) return [];
  const parsed = parseSlotPlan(plan);
  if (!parsed.ok) throw new HeraldError('VALIDATION_FAILED', parsed.message, { hint: parsed.hint });
  return parsed.value;
}

async function store(
  deps: CoreDeps,
  ctx: OperationContext,
  account: Account,
  plan: PostingSlot[],
): Promise<Account> {
  const updated = await deps.accounts.update(account.workspaceId, account.id, account.version, {
    slots: plan,
  });
  if (!updated)
    throw new HeraldError(
      'VERSION_CONFLICT',
      `Account ${account.id} changed while its slots were being set.`,
      {
        hint: 'Set them again.',
      },
    );
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: account.workspaceId,
    at: deps.clock.now(),
    actor: ctx.actor,
    action: 'account.slots_set',
    subject: { type: 'account', id: account.id },
    before: { slots: account.slots ?? [] },
    after: { slots: plan },
  });
  return updated;
}

/**
 * The next slot of the first account's plan that is free on every account and keeps the
 * campaign's gap and cap, as a parsed time: what `next slot` and `queue` schedule at.
 */
export async function nextSlotWhen(
  deps: Pick<CoreDeps, 'jobs' | 'clock'>,
  accounts: readonly Account[],
  campaign: Campaign | null,
): Promise<When> {
  const [first] = accounts;
  if (!first?.slots?.length)
    throw new HeraldError('VALIDATION_FAILED', `@${first?.handle ?? '?'} has no posting slots.`, {
      hint: `Set some: slots @${first?.handle ?? 'account'} mon-fri 09:00,12:30,18:00 — or give a time.`,
    });
  const now = deps.clock.now();
  const until = new Date(now.getTime() + 63 * DAY);
  const taken = await Promise.all(
    accounts.map(async (a) =>
      (await deps.jobs.listByAccountInWindow(a.workspaceId, a.id, new Date(now.getTime() - 2 * DAY), until))
        .filter(isAhead)
        .map((j) => ({ postId: j.postId, at: j.occurrenceAt })),
    ),
  );
  const at = nextFreeSlot({
    slots: first.slots,
    zone: first.timezone,
    after: now,
    taken: taken.flat(),
    minGapMinutes: campaign?.minGapMinutes ?? 0,
    dailyCap: campaign?.dailyCap ?? 0,
  });
  if (!at)
    throw new HeraldError('CONFLICT', `No free slot of @${first.handle} in the next two months.`, {
      hint: 'Add slots, or give a time.',
    });
  return {
    kind: 'once',
    instant: at,
    zone: first.timezone,
    local: formatWall(instantToWall(at, first.timezone)),
  };
}
