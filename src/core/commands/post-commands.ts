import { HeraldError } from '../errors.js';
import { cancel, cancelAll } from '../operations/cancel.js';
import { windowBound } from '../operations/dates.js';
import { list, stats } from '../operations/queries.js';
import { reschedule } from '../operations/reschedule.js';
import { shift } from '../operations/shift.js';
import { show } from '../operations/show.js';
import { skip } from '../operations/skip.js';
import { slots } from '../operations/slots.js';
import { calendarCommand } from '../operations/week-view.js';
import type { CommandHandler } from './command-spec.js';
import { idFrom, phraseOf, takeOptions } from './options.js';
import type { Word } from './tokenize.js';

/** `list [@account] [--platform p] [--status s] [--from date] [--to date] [--page n]`. */
export const listCommand: CommandHandler = async (deps, ctx, args) => {
  const usage =
    'list [@account] [--platform instagram] [--status scheduled] [--from 2026-12-01] [--to 2026-12-31] [--page 2]';
  const { options, rest } = takeOptions(
    args,
    { platform: 'value', status: 'value', from: 'value', to: 'value', page: 'value' },
    usage,
  );
  if (rest.length > 1)
    throw new HeraldError('VALIDATION_FAILED', `"${phraseOf(rest)}" is not a filter.`, { hint: usage });
  const page = options.page === undefined ? 1 : Number(options.page);
  if (!Number.isInteger(page) || page < 1)
    throw new HeraldError('VALIDATION_FAILED', '--page takes a page number from 1.', {
      hint: 'list --page 2',
    });
  return (
    await list(deps, ctx, {
      account: rest[0]?.text,
      platform: text(options.platform),
      status: text(options.status),
      from: windowBound(text(options.from), ctx.workspace.timezone, '--from', false),
      to: windowBound(text(options.to), ctx.workspace.timezone, '--to', true),
      page,
    })
  ).reply;
};

/** `show <id>`: one post with its rule, jobs and attempts. */
export const showCommand: CommandHandler = async (deps, ctx, args) =>
  (await show(deps, ctx, { postId: idFrom(args, 'show pst_…') })).reply;

/** `cancel <id> [occurrence]`, or `cancel --all <@account> [--confirm]`. */
export const cancelCommand: CommandHandler = async (deps, ctx, args) => {
  const usage = 'cancel pst_… [2026-12-25] · cancel --all @account [--confirm]';
  const { options, rest } = takeOptions(args, { all: 'flag', confirm: 'flag' }, usage);
  if (options.all) {
    const account = rest[0]?.text;
    if (!account)
      throw new HeraldError('VALIDATION_FAILED', 'Which account? cancel --all needs one.', { hint: usage });
    return (await cancelAll(deps, ctx, { account, confirm: options.confirm === true })).reply;
  }
  const occurrence = phraseOf(rest.slice(1));
  return (await cancel(deps, ctx, { postId: idFrom(rest, usage), ...(occurrence ? { occurrence } : {}) }))
    .reply;
};

/** `skip <id> <occurrence>`: one occurrence of a series left out. */
export const skipCommand: CommandHandler = async (deps, ctx, args) => {
  const usage = 'skip pst_… 2026-12-25';
  const occurrence = phraseOf(args.slice(1));
  if (!occurrence)
    throw new HeraldError('VALIDATION_FAILED', 'Which occurrence? Give its date.', { hint: usage });
  return (await skip(deps, ctx, { postId: idFrom(args, usage), occurrence })).reply;
};

/** `reschedule <id> [<occurrence> to] <when> [--force]`. */
export const rescheduleCommand: CommandHandler = async (deps, ctx, args) => {
  const usage =
    'reschedule pst_… +1h · reschedule pst_… every monday at 10:00 · reschedule pst_… 2026-12-25 to 2026-12-26 10:00';
  const { options, rest } = takeOptions(args, { force: 'flag' }, usage);
  const postId = idFrom(rest, usage);
  const { occurrence, when } = occurrenceAndWhen(rest.slice(1));
  return (
    await reschedule(deps, ctx, {
      postId,
      when,
      ...(occurrence ? { occurrence } : {}),
      force: options.force === true,
    })
  ).reply;
};

/** `shift <@account> <±duration> [--from date] [--to date] [--force]`: every post of an account in a window. */
export const shiftCommand: CommandHandler = async (deps, ctx, args) => {
  const usage = 'shift @account +1d [--from 2026-12-01] [--to 2026-12-07] [--force]';
  const { options, rest } = takeOptions(args, { from: 'value', to: 'value', force: 'flag' }, usage);
  const [account, by, ...extra] = rest;
  if (!account || !by || extra.length > 0)
    throw new HeraldError('VALIDATION_FAILED', 'shift takes an account and a signed duration.', {
      hint: usage,
    });
  return (
    await shift(deps, ctx, {
      account: account.text,
      by: by.text,
      from: text(options.from),
      to: text(options.to),
      force: options.force === true,
    })
  ).reply;
};

/** `stats`: jobs by status and platform, and the next five due. */
export const statsCommand: CommandHandler = async (deps, ctx) => (await stats(deps, ctx)).reply;

/** `slots <@account> [plan | clear]`: an account's weekly posting plan, shown or set. */
export const slotsCommand: CommandHandler = async (deps, ctx, args) => {
  const [account, ...plan] = args;
  if (!account)
    throw new HeraldError('VALIDATION_FAILED', 'Whose slots? Name the account.', {
      hint: 'slots @demo mon-fri 09:00,12:30,18:00',
    });
  return (await slots(deps, ctx, { account: account.text, ...(plan.length ? { plan: phraseOf(plan) } : {}) }))
    .reply;
};

/** `calendar [week | next week] [@account]`: the person's link to the web calendar, with the week as text. */
export const calendarCommandHandler: CommandHandler = async (deps, ctx, args) => {
  const words = args.map((w) => w.text.toLowerCase());
  const week = words.includes('next') ? 'next' : words.includes('week') ? 'this' : undefined;
  const account = args.find((w) => w.text.startsWith('@') || w.text.includes(':'))?.text;
  const unknown = words.filter(
    (w) => !['week', 'next', 'this'].includes(w) && !w.startsWith('@') && !w.includes(':'),
  );
  if (unknown.length > 0)
    throw new HeraldError('VALIDATION_FAILED', `"${unknown[0]}" is not something calendar takes.`, {
      hint: 'calendar · calendar week · calendar next week @demo',
    });
  return (await calendarCommand(deps, ctx, { week: week ?? (account ? 'this' : undefined), account })).reply;
};

/** `accounts`: what can be posted to, with each account's zone. */
export const accountsCommand: CommandHandler = async (deps, ctx) => {
  const accounts = await deps.accounts.list(ctx.workspace.id);
  const lines = accounts.map((a) => {
    const token = a.tokenExpiresAt ? ` · token expires ${a.tokenExpiresAt.toISOString().slice(0, 10)}` : '';
    return `@${a.handle} (${a.platform}) · ${a.timezone}${token}`;
  });
  return { title: `${accounts.length} account${accounts.length === 1 ? '' : 's'}`, lines, public: false };
};

/** `2026-12-25 to +1h`: an occurrence (a date, date and time, or job id) before a bare "to". */
function occurrenceAndWhen(words: Word[]): { occurrence?: string; when: string } {
  const to = words.findIndex((w) => !w.quoted && w.text.toLowerCase() === 'to');
  const head = to > 0 ? phraseOf(words.slice(0, to)) : '';
  if (to > 0 && /^(job_\S+|\d{4}-\d{2}-\d{2}(?:[T\s]+\d{1,2}:\d{2})?)$/.test(head))
    return { occurrence: head, when: phraseOf(words.slice(to + 1)) };
  return { when: phraseOf(words) };
}

function text(value: string | true | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
