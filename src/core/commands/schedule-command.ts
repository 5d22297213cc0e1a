import type { AutonomyMode, Media, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import {
  type Interpretation,
  interpret,
  type ParseResult,
  parseWhen,
  splitTrailingWhen,
  type When,
} from '../language/index.js';
import { saveDraft } from '../use-cases/drafts.js';
import { schedulePost } from '../use-cases/schedule-post.js';
import { isPlatform, resolveAccounts } from './accounts.js';
import type { CommandHandler } from './context.js';
import { statusLine } from './render.js';
import type { Reply } from './reply.js';
import type { Word } from './tokenize.js';

export const SCHEDULE_EXAMPLE = 'schedule @demo "Hello from Herald" tomorrow 9am';

/**
 * `schedule <account> [platform] <caption> <when> [media:<url>…] [--force]`: the caption is the
 * quoted text, or else everything before the trailing time phrase.
 */
export const scheduleCommand: CommandHandler = async (deps, ctx, args) => {
  const [first, ...rest] = args;
  if (!first) throw usage('Say which account to post to.');
  const platformWord =
    rest[0] && !rest[0].quoted && isPlatform(rest[0].text) ? rest.shift()?.text : undefined;
  const accounts = await resolveAccounts(deps, ctx.workspace.id, first.text, platformWord as never);
  const zone = accounts[0]?.timezone ?? ctx.workspace.timezone;
  const { caption, media, force, result } = splitArguments(rest, { now: deps.clock.now(), zone });
  if (!result.ok) throw new HeraldError(result.error.code, result.error.message, { hint: result.error.hint });
  const when = result.value;
  const input = {
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    accountIds: accounts.map((a) => a.id),
    caption,
    media,
    force,
    actorRoles: ctx.actorRoles ?? [],
    ...whenFields(when),
  };
  const interpretation = interpret(when, deps.clock.now());
  const targets = accounts.map((a) => `@${a.handle} (${a.platform})`).join(', ');
  if (ctx.confirmSchedules) {
    const draft = await saveDraft(
      deps,
      input,
      args.map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' '),
    );
    return {
      title: `Schedule for ${targets}? Nothing is stored until you confirm.`,
      lines: [`caption: ${caption}`, ...interpretation.lines],
      public: false,
      interpretation,
      draftId: draft.id,
    };
  }
  const { post, jobs, campaign } = await schedulePost(deps, input);
  return scheduledReply(post.id, targets, interpretation, jobs, campaign?.mode ?? 'suggest_only');
};

/** The reply once a post is stored: the interpretation echo and what happens next. */
export function scheduledReply(
  postId: string,
  targets: string,
  interpretation: Interpretation,
  jobs: PublishJob[],
  mode: AutonomyMode,
): Reply {
  return {
    title: `Scheduled ${postId} for ${targets}`,
    lines: [...interpretation.lines, statusLine(jobs, mode)],
    public: true,
    interpretation,
    postIds: [postId],
  };
}

/** The fields of a post that come from the parsed time. */
export function whenFields(when: When) {
  const base = { scheduledAt: when.instant, timezone: when.zone, localTime: when.local };
  return when.kind === 'recurring'
    ? { ...base, recurrence: { rrule: when.rrule, exdates: when.exdates } }
    : base;
}

function splitArguments(words: Word[], parse: { now: Date; zone: string }) {
  const media: Media[] = [];
  let force = false;
  const kept: Word[] = [];
  for (const word of words) {
    if (!word.quoted && word.text === '--force') force = true;
    else if (!word.quoted && word.text.startsWith('media:')) media.push(toMedia(word.text.slice(6)));
    else kept.push(word);
  }
  const quoted = kept.find((w) => w.quoted);
  if (quoted) {
    const phrase = kept
      .filter((w) => w !== quoted)
      .map((w) => w.text)
      .join(' ');
    return { caption: quoted.text, media, force, result: parseWhen(phrase, parse) };
  }
  const split = splitTrailingWhen(kept.map((w) => w.text).join(' '), parse);
  if (!split) throw usage('No time found at the end of the command.');
  return { caption: split.head, media, force, result: split.result as ParseResult };
}

function toMedia(url: string): Media {
  if (!/^https?:\/\/\S+$/.test(url)) {
    throw new HeraldError('VALIDATION_FAILED', `"${url}" is not a media URL.`, {
      hint: 'media:https://example.com/photo.jpg',
    });
  }
  return { url, kind: /\.(mp4|mov|webm|m4v)(\?|$)/i.test(url) ? 'video' : 'image' };
}

function usage(message: string): HeraldError {
  return new HeraldError('VALIDATION_FAILED', message, { hint: SCHEDULE_EXAMPLE });
}
