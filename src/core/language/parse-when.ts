import { formatWall, instantToWall } from '../domain/time.js';
import { keepInRange, unrepresentable, zeroSpan } from './bounds.js';
import { atDefaultTime, isValidTimeOfDay } from './default-time.js';
import { isZeroSpan, moveBySpan, parseRelative, type Relative } from './durations.js';
import { cleanText, MAX_PHRASE_LENGTH } from './lexicon.js';
import { parseMoment } from './moment.js';
import { randomWhen } from './random-when.js';
import { rawRuleWhen } from './raw-rule.js';
import { buildRecurring } from './recurring.js';
import { pastFailure, placeMoment } from './resolve.js';
import { parseRulePhrase } from './rule-phrase.js';
import { type Attempt, failure, HINTS, type OnceWhen, type ParseContext, type ParseResult } from './types.js';
import { extractZone, type ZoneFound, zoneWithControls } from './zone-tokens.js';

/**
 * The scheduling language, one entry point per command: `parseWhen` for new posts,
 * `parseReschedule` for moves. Never throws: every outcome is a `ParseResult`, and every
 * accepted instant lies between now and the five-year bound of bounds.ts.
 */

const REPEAT_RE =
  /(?:^|\s)(?:every|each|daily|weekly|fortnightly|biweekly|monthly|yearly|annually|weekdays|until|till|except|excluding|(?:for\s+)?\d+\s*(?:times?|x)|\d+x|(?:on\s+)?the\s+\S+(?:\s+\S+)?\s+of\s+(?:the|every|each)\s+month)(?=\s|$)/;

/** Parses a time phrase for a new post: one instant or a recurring series. */
export function parseWhen(text: string, ctx: ParseContext): ParseResult {
  return attemptWhen(text, ctx).result;
}

/** Reschedule: deltas (`+1h`, `-30m`) move `current`; anything else parses like {@link parseWhen}. */
export function parseReschedule(text: string, ctx: ParseContext & { current: Date }): ParseResult {
  const guard = checkInput(text, ctx);
  if (guard) return guard.result;
  if (!(ctx.current instanceof Date) || Number.isNaN(ctx.current.getTime())) {
    return failure('UNPARSEABLE_TIME', 'The current scheduled time is not a valid date.', HINTS.delta, false)
      .result;
  }
  const cleaned = cleanText(text);
  const relative = parseRelative(cleaned);
  if (!relative?.delta) return parseWhen(text, ctx);
  return keepInRange(moveDelta(relative, cleaned, ctx), ctx.now, cleaned).result;
}

/** `+1h` on the post's current time, keeping the clock time across DST for days and weeks. */
function moveDelta(relative: Relative, cleaned: string, ctx: ParseContext & { current: Date }): Attempt {
  if (isZeroSpan(relative.span)) return zeroSpan(cleaned);
  const found = extractZone('', ctx.zone);
  if ('result' in found) return found;
  const instant = moveBySpan(ctx.current, relative.span, relative.sign, found.zone);
  if (!instant) return unrepresentable(cleaned, true);
  const local = formatWall(instantToWall(instant, found.zone));
  return {
    result: { ok: true, value: { kind: 'once', instant, zone: found.zone, local } },
    recognized: true,
  };
}

/** Parses `text`, also reporting whether all of it was a time phrase (for `splitTrailingWhen`). */
export function attemptWhen(text: string, ctx: ParseContext): Attempt {
  const guard = checkInput(text, ctx) ?? zoneWithControls(text);
  if (guard) return guard;
  const cleaned = cleanText(text);
  if (!cleaned) return failure('UNPARSEABLE_TIME', 'The time phrase is empty.', HINTS.general, false);
  return keepInRange(readWhen(cleaned, ctx), ctx.now, cleaned);
}

function readWhen(cleaned: string, ctx: ParseContext): Attempt {
  const found = extractZone(cleaned, ctx.zone);
  if ('result' in found) return found;
  const body = found.text.toLowerCase().replace(/\beveryday\b/g, 'every day');
  if (!body) {
    const message = `I understood the time zone ${found.zone} but no time.`;
    return failure('UNPARSEABLE_TIME', message, `tomorrow 9am tz:${found.zone}`, true, found.zone);
  }
  if (body.startsWith('random:')) return randomWhen(body, found.zone, ctx);
  if (/(?:^|\s)(?:rrule:|dtstart[:;])/.test(body))
    return rawRuleWhen(body, found.zone, found.explicit, ctx.now);
  const repeat = REPEAT_RE.exec(body);
  if (repeat) return recurringWhen(body, repeat.index, found, ctx);
  return onceWhen(body, found, ctx);
}

/** Refuses what is not a phrase to read, or a context no phrase can be read against. */
function checkInput(text: unknown, ctx: ParseContext): Attempt | null {
  if (typeof text !== 'string')
    return failure('UNPARSEABLE_TIME', 'The time phrase is not text.', HINTS.general, false);
  if (text.length > MAX_PHRASE_LENGTH) {
    const message = `The time phrase is ${text.length} characters long; the limit is ${MAX_PHRASE_LENGTH}.`;
    return failure('UNPARSEABLE_TIME', message, HINTS.general, false);
  }
  if (!(ctx?.now instanceof Date) || Number.isNaN(ctx.now.getTime())) {
    return failure('UNPARSEABLE_TIME', 'The reference time is not a valid date.', HINTS.general, false);
  }
  if (!isValidTimeOfDay(ctx.defaultTime)) {
    const message = 'The default posting time is not a time of day; give the time in the phrase.';
    return failure('UNPARSEABLE_TIME', message, HINTS.general, false);
  }
  return null;
}

function onceWhen(body: string, found: ZoneFound, ctx: ParseContext): Attempt {
  const { zone } = found;
  const { now } = ctx;
  const parsed = parseMoment(body, zone, now, found.explicit);
  if ('result' in parsed) return parsed;
  const defaulted = atDefaultTime(parsed.moment, ctx.defaultTime);
  const moment = defaulted ?? parsed.moment;
  const placed = placeMoment(moment, body, zone, now);
  if ('result' in placed) return placed;
  const { instant, wall } = placed.placed;
  if (instant.getTime() < now.getTime()) {
    return pastFailure(instant, zone, now, moment.kind === 'wall' ? wall : undefined);
  }
  const value: OnceWhen = { kind: 'once', instant, zone, local: formatWall(wall) };
  if (defaulted) value.defaultTime = true;
  return { result: { ok: true, value }, recognized: true };
}

function recurringWhen(body: string, at: number, found: ZoneFound, ctx: ParseContext): Attempt {
  const { zone, explicit } = found;
  const { now } = ctx;
  const startText = body.slice(0, at).trim();
  const ruleText = body.slice(at).trim();
  const draft = parseRulePhrase(ruleText);
  if (!draft.ok) {
    const lead = /^(until|till|except|excluding|\d)/.test(ruleText)
      ? `"${ruleText}" only applies to a repeating schedule.`
      : `I could not read ${draft.reason} in "${ruleText}".`;
    return failure('UNPARSEABLE_TIME', lead, HINTS.recurring, false);
  }
  const start = startText ? parseMoment(startText, zone, now, explicit) : null;
  if (start && 'result' in start) return start;
  return buildRecurring({
    draft: draft.draft,
    start: start?.moment ?? null,
    startText,
    zone,
    now,
    phrase: body,
    defaultTime: ctx.defaultTime,
  });
}
