import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS } from '../../core/commands/router.js';

/**
 * How a typed option becomes part of the router's command line: a single `word` (account,
 * post id), the quoted `caption`, free `text` (a time phrase, a reason), `media` URLs, a
 * boolean `flag` (`--force`), a `named` value (`--status scheduled`), or an `occurrence` of a
 * series (`2026-12-25 to`, read before the new time).
 */
export type OptionKind = 'word' | 'caption' | 'text' | 'media' | 'flag' | 'named' | 'occurrence';

/** One typed option: its Discord shape and how it joins the command line. */
export interface OptionSpec {
  name: string;
  description: string;
  kind: OptionKind;
  required?: boolean;
  /** Which list Discord asks Herald for while the user types. */
  autocomplete?: 'account' | 'post';
  maxLength?: number;
  /** Where it goes in the command line when that differs from Discord's order (required options first). */
  lineOrder?: number;
}

/** One subcommand of `/herald`: a router command (or `new`) with its typed options. */
export interface SubcommandSpec {
  name: string;
  description: string;
  /**
   * Whether the reply concerns the channel (the router marks such replies `public`): a reply
   * deferred before it is known is deferred with this visibility.
   */
  public: boolean;
  options: OptionSpec[];
}

const post = (description = 'Post id (type to search recent posts)'): OptionSpec => ({
  name: 'post',
  description,
  kind: 'word',
  required: true,
  autocomplete: 'post',
});
const when = (description: string): OptionSpec => ({
  name: 'when',
  description,
  kind: 'text',
  required: true,
  maxLength: 200,
});
const account = (required: boolean): OptionSpec => ({
  name: 'account',
  description: 'Account: @handle or platform:@handle',
  kind: 'word',
  required,
  autocomplete: 'account',
});
const named = (name: string, description: string): OptionSpec => ({
  name,
  description,
  kind: 'named',
  maxLength: 40,
});
const occurrence = (required: boolean): OptionSpec => ({
  name: 'occurrence',
  description: 'One occurrence of a series: its date (2026-12-25), or date and time',
  kind: required ? 'text' : 'occurrence',
  required,
  maxLength: 40,
});
const force: OptionSpec = { name: 'force', description: 'Despite a gap or daily-cap conflict', kind: 'flag' };
const summary = (name: string) => COMMANDS.find((c) => c.name === name)?.summary ?? name;
const sub = (name: string, isPublic: boolean, options: OptionSpec[] = []): SubcommandSpec => ({
  name,
  description: summary(name),
  public: isPublic,
  options,
});

/** The subcommands of `/herald`: the router's commands (same names, same summaries) plus `new`. */
export const SUBCOMMANDS: SubcommandSpec[] = [
  sub('schedule', false, [
    {
      name: 'account',
      description: 'Where to post: @handle or platform:@handle',
      kind: 'word',
      required: true,
      autocomplete: 'account',
    },
    { name: 'caption', description: 'What the post says', kind: 'caption', required: true, maxLength: 2000 },
    when('tomorrow 9am · in 2h · Dec 1 9am tz:Europe/Paris · every weekday at 9:30'),
    { name: 'media', description: 'Media URLs, space-separated', kind: 'media', maxLength: 1000 },
    { name: 'force', description: 'Schedule despite a gap or daily-cap conflict', kind: 'flag' },
  ]),
  sub('queue', false, [
    account(true),
    { name: 'caption', description: 'What the post says', kind: 'caption', required: true, maxLength: 2000 },
    { name: 'media', description: 'Media URLs, space-separated', kind: 'media', maxLength: 1000 },
  ]),
  sub('slots', false, [
    account(true),
    { name: 'plan', description: 'mon-fri 09:00,12:30 sat 11:00 — or clear', kind: 'text', maxLength: 300 },
  ]),
  sub('list', false, [
    account(false),
    named('platform', 'Only this platform: instagram, tiktok, mastodon, bluesky, webhook, dryrun'),
    named('status', 'Only posts with a job in this status, e.g. scheduled, needs_attention'),
    named('from', 'From this local date, e.g. 2026-12-01'),
    named('to', 'Up to this local date, included'),
    named('page', 'Page number'),
  ]),
  sub('show', false, [post()]),
  sub('cancel', true, [
    { ...post('Post id (leave out with "all")'), required: false },
    { ...occurrence(false), kind: 'text' },
    { ...account(false), description: 'With "all": the account whose posts to cancel' },
    { name: 'all', description: 'Cancel everything still to publish on the account', kind: 'flag' },
    { name: 'confirm', description: 'Yes, cancel them (with "all")', kind: 'flag' },
  ]),
  sub('skip', true, [post(), occurrence(true)]),
  sub('reschedule', true, [
    post(),
    { ...when('+1h · tomorrow 9am · every monday at 10:00 (a whole series)'), lineOrder: 2 },
    { ...occurrence(false), lineOrder: 1 },
    force,
  ]),
  sub('shift', true, [
    account(true),
    {
      name: 'by',
      description: 'Signed duration: +1h, -30m, +2d',
      kind: 'word',
      required: true,
      maxLength: 20,
    },
    named('from', 'From this local date, e.g. 2026-12-01 (default: now)'),
    named('to', 'Up to this local date, included'),
    force,
  ]),
  sub('now', true, [post()]),
  sub('retry', true, [post()]),
  sub('approve', true, [post()]),
  sub('reject', true, [
    post(),
    { name: 'reason', description: 'What should change (the author sees it)', kind: 'text', maxLength: 500 },
  ]),
  sub('calendar', false, [
    { name: 'week', description: 'this week or next week, as text', kind: 'text', maxLength: 20 },
    { ...account(false), description: 'Only this account' },
  ]),
  sub('library', true, [
    {
      name: 'args',
      description: 'add @mia https://… score:87 #tag | @mia | requeue ast_… | skip pst_… | never pst_…',
      kind: 'text',
      required: true,
      maxLength: 1500,
    },
  ]),
  sub('autopilot', true, [
    {
      name: 'args',
      description:
        'on <campaign> @mia every day at 09:00 [--evergreen 30d/3] | off <campaign> | run-once <campaign>',
      kind: 'text',
      maxLength: 500,
    },
  ]),
  sub('stats', false),
  sub('accounts', false),
  sub('connect', false, [
    {
      name: 'platform',
      description: 'instagram, tiktok, mastodon or bluesky — or @account to reconnect it',
      kind: 'word',
      required: true,
      maxLength: 80,
    },
    {
      name: 'server',
      description: 'Mastodon: the server, e.g. mastodon.social',
      kind: 'word',
      maxLength: 200,
    },
  ]),
  sub('disconnect', true, [
    account(true),
    { name: 'platform', description: 'When the handle is on several platforms', kind: 'word', maxLength: 20 },
  ]),
  sub('help', false),
  {
    name: 'new',
    description: 'compose a post in a form',
    public: false,
    options: [{ ...account(false), description: 'Prefill for this account (its next slot, its hashtags)' }],
  },
];

/**
 * Discord sets permissions per command, not per subcommand, so `/herald` is one command open
 * to every member who may send messages. None of its subcommands is admin-only: approve and
 * reject are gated by the campaign's approver roles (re-checked on every use), publish-now by
 * an operator flag, and a draft can be confirmed only by its author. Server admins can narrow
 * it further under Server Settings → Integrations.
 */
export const DEFAULT_MEMBER_PERMISSIONS = PermissionFlagsBits.SendMessages.toString();

/** `/herald` as Discord's bulk-overwrite body; `global` adds where it may be used (servers only). */
export function heraldCommandJson(
  scope: 'guild' | 'global',
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: 'herald',
    description: 'Schedule, approve and publish posts',
    default_member_permissions: DEFAULT_MEMBER_PERMISSIONS,
    options: SUBCOMMANDS.map(subcommandJson),
    ...(scope === 'global'
      ? {
          contexts: [InteractionContextType.Guild],
          integration_types: [ApplicationIntegrationType.GuildInstall],
        }
      : {}),
  };
}

function subcommandJson(spec: SubcommandSpec): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: spec.name,
    description: spec.description.slice(0, 100),
    options: spec.options.map(optionJson),
  };
}

function optionJson(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: option.name,
    description: option.description.slice(0, 100),
    required: !!option.required,
  };
  if (option.kind === 'flag') return { ...base, type: ApplicationCommandOptionType.Boolean };
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(option.autocomplete ? { autocomplete: true } : {}),
    ...(option.maxLength ? { max_length: option.maxLength } : {}),
  };
}
