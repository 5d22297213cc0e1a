import { HeraldError } from '../errors.js';
import { editDistance } from '../language/zones.js';
import type { OperationContext } from '../operations/context.js';
import type { Reply } from '../operations/reply.js';
import type { CoreDeps } from '../use-cases/deps.js';
import type { CommandSpec } from './command-spec.js';
import { connectCommand, disconnectCommand } from './connect-commands.js';
import { approveCommand, nowCommand, rejectCommand, retryCommand } from './control-commands.js';
import { AUTOPILOT_USAGE, autopilotCommand, LIBRARY_USAGE, libraryCommand } from './library-commands.js';
import {
  accountsCommand,
  calendarCommandHandler,
  cancelCommand,
  listCommand,
  rescheduleCommand,
  shiftCommand,
  showCommand,
  skipCommand,
  slotsCommand,
  statsCommand,
} from './post-commands.js';
import { queueCommand, SCHEDULE_EXAMPLE, scheduleCommand } from './schedule-command.js';
import { tokenize } from './tokenize.js';

/** Every chat command, shared by the console, Slack, Discord and `POST /v1/commands`. */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'schedule',
    usage: 'schedule <@account> [platform] "<caption>" <when> [media:<url>] [--force]',
    summary: 'schedule a post',
    example: SCHEDULE_EXAMPLE,
    run: scheduleCommand,
  },
  {
    name: 'queue',
    usage: 'queue <@account> "<caption>" [media:<url>]',
    summary: "schedule at the account's next free slot",
    example: 'queue @demo "Fresh drop"',
    run: queueCommand,
  },
  {
    name: 'slots',
    usage: 'slots <@account> [mon-fri 09:00,12:30 sat 11:00 | clear]',
    summary: "an account's weekly posting slots",
    example: 'slots @demo mon-fri 09:00,18:00',
    run: slotsCommand,
  },
  {
    name: 'list',
    usage: 'list [@account] [--platform p] [--status s] [--from date] [--to date] [--page n]',
    summary: 'upcoming posts first, then recent ones',
    example: 'list @demo --status scheduled',
    run: listCommand,
  },
  {
    name: 'show',
    usage: 'show <post id>',
    summary: 'one post, its jobs and attempts',
    example: 'show pst_…',
    run: showCommand,
  },
  {
    name: 'cancel',
    usage: 'cancel <post id> [occurrence] | cancel --all <@account> [--confirm]',
    summary: 'stop a post (a whole series) before it publishes',
    example: 'cancel pst_…',
    run: cancelCommand,
  },
  {
    name: 'skip',
    usage: 'skip <post id> <occurrence date>',
    summary: 'leave one occurrence of a series out',
    example: 'skip pst_… 2026-12-25',
    run: skipCommand,
  },
  {
    name: 'reschedule',
    usage: 'reschedule <post id> [<occurrence> to] <when | +1h | every … > [--force]',
    summary: 'move a post, one occurrence, or a whole series',
    example: 'reschedule pst_… +1h',
    run: rescheduleCommand,
  },
  {
    name: 'shift',
    usage: 'shift <@account> <+1h | -30m | +2d> [--from date] [--to date] [--force]',
    summary: "move an account's posts in a window",
    example: 'shift @demo +1d --from 2026-12-01 --to 2026-12-07',
    run: shiftCommand,
  },
  {
    name: 'now',
    usage: 'now <post id>',
    summary: 'publish now (when enabled)',
    example: 'now pst_…',
    run: nowCommand,
  },
  {
    name: 'retry',
    usage: 'retry <post id>',
    summary: 'retry a failed post now',
    example: 'retry pst_…',
    run: retryCommand,
  },
  {
    name: 'approve',
    usage: 'approve <post id>',
    summary: 'approve a post (approvers)',
    example: 'approve pst_…',
    run: approveCommand,
  },
  {
    name: 'reject',
    usage: 'reject <post id> [reason]',
    summary: 'reject a post (approvers)',
    example: 'reject pst_… off-brand',
    run: rejectCommand,
  },
  {
    name: 'calendar',
    usage: 'calendar [week | next week] [@account]',
    summary: 'your link to the web calendar; the week as text',
    example: 'calendar week',
    run: calendarCommandHandler,
  },
  {
    name: 'library',
    usage: LIBRARY_USAGE,
    summary: "an influencer's content library (what autopilot picks from)",
    example: 'library add @demo https://cdn.example.com/a.jpg score:87 #sunset',
    run: libraryCommand,
  },
  {
    name: 'autopilot',
    usage: AUTOPILOT_USAGE,
    summary: "a campaign's autopilot: curator's choice from the library",
    example: 'autopilot on launch @demo every day at 09:00',
    run: autopilotCommand,
  },
  {
    name: 'stats',
    usage: 'stats',
    summary: 'jobs by status and platform, next due',
    example: 'stats',
    run: statsCommand,
  },
  {
    name: 'accounts',
    usage: 'accounts',
    summary: 'accounts you can post to',
    example: 'accounts',
    run: accountsCommand,
  },
  {
    name: 'connect',
    usage: 'connect <instagram | tiktok | mastodon <server> | bluesky> | connect <@account>',
    summary: 'your link to connect (or reconnect) an account',
    example: 'connect tiktok',
    run: connectCommand,
  },
  {
    name: 'disconnect',
    usage: 'disconnect <@account> [platform]',
    summary: "revoke and forget an account's tokens; its posts wait",
    example: 'disconnect @mia instagram',
    run: disconnectCommand,
  },
  { name: 'help', usage: 'help', summary: 'this list', example: 'help', run: async () => helpReply() },
];

export function helpReply(): Reply {
  return {
    title: 'Herald commands',
    lines: COMMANDS.map((c) => `${c.usage.padEnd(72)} ${c.summary}`),
    public: false,
  };
}

/** Parses the first word, dispatches, and lets HeraldErrors through for the surface to render. */
export async function runCommand(deps: CoreDeps, ctx: OperationContext, line: string): Promise<Reply> {
  const words = tokenize(line.trim().replace(/^\/?herald\s+/i, ''));
  const [first, ...args] = words;
  if (!first) return helpReply();
  const name = first.text.toLowerCase();
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const near = COMMANDS.map((c) => ({ name: c.name, d: editDistance(name, c.name, 3) }))
      .filter((c) => c.d <= 2)
      .sort((a, b) => a.d - b.d)
      .map((c) => c.name);
    throw new HeraldError('UNKNOWN_COMMAND', `"${first.text}" is not a Herald command.`, {
      hint:
        near.length > 0
          ? `Did you mean: ${near.join(', ')}? Type "help" for all commands.`
          : 'Type "help" for all commands.',
    });
  }
  return command.run(deps, ctx, args);
}
