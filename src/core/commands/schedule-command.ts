import { HeraldError } from '../errors.js';
import { splitTrailingWhen } from '../language/index.js';
import { isPlatform } from '../operations/accounts.js';
import { mediaOf } from '../operations/compose.js';
import { draftSchedule, schedule } from '../operations/schedule.js';
import type { CommandHandler } from './command-spec.js';
import { takeOptions } from './options.js';
import type { Word } from './tokenize.js';

export const SCHEDULE_EXAMPLE = 'schedule @demo "Hello from Herald" tomorrow 9am';
const USAGE = 'schedule <@account> [platform] "<caption>" <when> [media:<url>] [--force] [--save-to-library]';

/**
 * `schedule <account> [platform] <caption> <when> [media:<url>…] [--force]`: the caption is the
 * quoted text, or else everything before the trailing time phrase. Chat surfaces get a draft to
 * confirm; the console schedules at once.
 */
export const scheduleCommand: CommandHandler = async (deps, ctx, args) => {
  const { captions, rest: typed } = ownCaptions(args);
  const { options, rest: words } = takeOptions(typed, { force: 'flag', 'save-to-library': 'flag' }, USAGE);
  const [first, ...rest] = words;
  if (!first) throw usage('Say which account to post to.');
  const platform = rest[0] && !rest[0].quoted && isPlatform(rest[0].text) ? rest.shift()?.text : undefined;
  const media = rest
    .filter((w) => !w.quoted && w.text.startsWith('media:'))
    .map((w) => mediaOf(w.text.slice(6)));
  const { caption, when } = captionAndWhen(
    rest.filter((w) => w.quoted || !w.text.startsWith('media:')),
    deps.clock.now(),
  );
  const req = {
    accounts: [first.text],
    platform: platform?.toLowerCase() as never,
    caption,
    captions,
    media,
    when,
    force: options.force === true,
    ...(options['save-to-library'] === true ? { saveToLibrary: true } : {}),
    text: args.map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' '),
  };
  const outcome = ctx.confirmSchedules ? await draftSchedule(deps, ctx, req) : await schedule(deps, ctx, req);
  return outcome.reply;
};

/** `--caption-for @zoe "her words"` (any number of them): an account's own caption. */
function ownCaptions(words: Word[]): { captions: Record<string, string>; rest: Word[] } {
  const captions: Record<string, string> = {};
  const rest: Word[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as Word;
    if (word.quoted || word.text !== '--caption-for') {
      rest.push(word);
      continue;
    }
    const [account, text] = [words[i + 1], words[i + 2]];
    if (!account || account.quoted || !text?.quoted)
      throw usage('--caption-for takes an account and a quoted caption: --caption-for @zoe "her words".');
    captions[account.text] = text.text;
    i += 2;
  }
  return { captions, rest };
}

/** The quoted caption and the rest as the time; unquoted, the caption is what precedes the trailing time. */
function captionAndWhen(words: Word[], now: Date): { caption: string; when: string } {
  const quoted = words.find((w) => w.quoted);
  if (quoted)
    return {
      caption: quoted.text,
      when: words
        .filter((w) => w !== quoted)
        .map((w) => w.text)
        .join(' '),
    };
  const text = words.map((w) => w.text).join(' ');
  const slot = /\s*\bnext\s+(?:free\s+)?slot\s*$/i.exec(text);
  if (slot) return { caption: text.slice(0, slot.index).trim(), when: 'next slot' };
  // Only where the time begins matters here; the operation reads the time itself, in the account's zone.
  const split = splitTrailingWhen(text, { now, zone: 'UTC' });
  if (!split) throw usage('No time found at the end of the command.');
  return { caption: split.head, when: split.phrase };
}

/** `queue <account> <caption> [media:<url>…]`: schedule at the account's next free posting slot. */
export const queueCommand: CommandHandler = (deps, ctx, args) =>
  scheduleCommand(deps, ctx, [...args, { text: 'next', quoted: false }, { text: 'slot', quoted: false }]);

function usage(message: string): HeraldError {
  return new HeraldError('VALIDATION_FAILED', message, { hint: SCHEDULE_EXAMPLE });
}
