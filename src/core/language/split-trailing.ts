import { isWeekday, MAX_PHRASE_LENGTH, MONTHS } from './lexicon.js';
import { attemptWhen } from './parse-when.js';
import type { ParseContext, ParseResult } from './types.js';
import { isZoneAbbreviation, looksLikeZone, resolveZone } from './zones.js';

/**
 * Commands carry the caption and the time in one line (`schedule @mia Hello world tomorrow 9am
 * every weekday`). The time is the longest trailing run of words that the parser accepts —
 * or recognises as a time phrase it must refuse (TIME_IN_PAST, an unknown zone …), so the
 * user gets that error instead of a caption ending in "tomorrow 8am".
 */

/** Words a time phrase can contain: a cheap filter so prose is never handed to the parser. */
const VOCABULARY = new Set(
  (
    'at on in the of a an and from now this next last coming upcoming yesterday ago later every each other daily weekly fortnightly ' +
    'biweekly monthly yearly annually weekday weekdays weekend weekends day days week weeks month months ' +
    'year years hour hours hr hrs minute minutes min mins second seconds sec secs today tomorrow tonight ' +
    'noon midnight midday morning afternoon evening night am pm a.m. p.m. until till through except ' +
    'excluding skipping but not starting beginning for times x half after first third fourth fifth ' +
    "o'clock quarter past to end , &"
  ).split(' '),
);
const MAX_WORDS = 40;

/** Finds the trailing time phrase of `text`; null when no trailing words look like a time. */
export function splitTrailingWhen(
  text: string,
  ctx: ParseContext,
): { head: string; phrase: string; result: ParseResult } | null {
  if (typeof text !== 'string') return null;
  const zoneOk = resolveZone(ctx.zone) !== null;
  const searchCtx = zoneOk ? ctx : { ...ctx, zone: 'UTC' };
  const words = [...text.matchAll(/\S+/g)].slice(-MAX_WORDS);
  let first = words.length;
  while (first > 0 && timeish(words[first - 1]![0])) first -= 1;
  for (let i = first; i < words.length; i++) {
    const lead = words[i]![0].toLowerCase();
    if (lead === 'at' || lead === 'on' || lead === ',' || lead === 'and') continue;
    const start = words[i]!.index;
    const phrase = text.slice(start).trim();
    if (phrase.length > MAX_PHRASE_LENGTH) continue;
    const attempt = attemptWhen(phrase, searchCtx);
    if (!attempt.recognized) continue;
    const result = zoneOk ? attempt.result : attemptWhen(phrase, ctx).result;
    return { head: headOf(text.slice(0, start)), phrase, result };
  }
  return null;
}

/** The caption before the phrase, without a connecting " at " / " on ". */
function headOf(before: string): string {
  return before.replace(/(?:^|\s+)(?:at|on)\s*$/i, '').trim();
}

function timeish(raw: string): boolean {
  const word = raw.toLowerCase().replace(/[,.;!?]+$/, '');
  if (word === '' || /^[+-]?\d/.test(word) || VOCABULARY.has(word)) return true;
  if (isWeekday(word) || Object.hasOwn(MONTHS, word.replace(/\.$/, ''))) return true;
  if (/^(tz:|random:|rrule:|dtstart)/.test(word) || looksLikeZone(word)) return true;
  return word === 'utc' || word === 'gmt' || isZoneAbbreviation(raw.replace(/[,.;!?]+$/, ''));
}
