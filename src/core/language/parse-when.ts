import { formatWall, instantToWall } from '../domain/time.js';
import { applySpan, parseRandomRange, parseRelative } from './durations.js';
import { cleanText, MAX_PHRASE_LENGTH } from './lexicon.js';
import { parseMoment } from './moment.js';
import { rawRuleWhen } from './raw-rule.js';
import { buildRecurring } from './recurring.js';
import { pastFailure, placeMoment } from './resolve.js';
import { parseRulePhrase } from './rule-phrase.js';
import { type Attempt, failure, HINTS, type ParseContext, type ParseResult } from './types.js';
import { extractZone } from './zone-tokens.js';

/**
 * The scheduling language of SPEC §3, one entry point per command: `parseWhen` for new
 * posts, `parseReschedule` for moves. Never throws: every outcome is a `ParseResult`.
 */

/** Furthest ahead a post can be scheduled. */
const HORIZON_MS = 10 * 366 * 86_400_000;
const MIN_RANDOM_MS = 30_000;
const MAX_RANDOM_MS = 30 * 86_400_000;
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
    return failure('VALIDATION_FAILED', 'The current scheduled time is not a valid date.', HINTS.delta, false)
      .result;
  }
  const relative = parseRelative(cleanText(text));
  if (!relative?.delta) return parseWhen(text, ctx);
  const found = extractZone('', ctx.zone);
  if ('result' in found) return found.result;
  const instant = applySpan(ctx.current, relative.span, relative.sign, found.zone);
  if (instant.getTime() < ctx.now.getTime()) return pastFailure(instant, found.zone, ctx.now).result;
  const local = formatWall(instantToWall(instant, found.zone));
  return { ok: true, value: { kind: 'once', instant, zone: found.zone, local } };
}

/** Parses `text`, also reporting whether all of it was a time phrase (for `splitTrailingWhen`). */
export function attemptWhen(text: string, ctx: ParseContext): Attempt {
  const guard = checkInput(text, ctx);
  if (guard) return guard;
  const cleaned = cleanText(text);
  if (!cleaned) return failure('UNPARSEABLE_TIME', 'The time phrase is empty.', HINTS.general, false);
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
  if (repeat) return recurringWhen(body, repeat.index, found.zone, found.explicit, ctx.now);
  return onceWhen(body, found.zone, found.explicit, ctx.now);
}

function checkInput(text: unknown, ctx: ParseContext): Attempt | null {
  if (typeof text !== 'string')
    return failure('UNPARSEABLE_TIME', 'The time phrase is not text.', HINTS.general, false);
  if (text.length > MAX_PHRASE_LENGTH) {
    const message = `The time phrase is ${text.length} characters long; the limit is ${MAX_PHRASE_LENGTH}.`;
    return failure('VALIDATION_FAILED', message, HINTS.general, false);
  }
  if (!(ctx?.now instanceof Date) || Number.isNaN(ctx.now.getTime())) {
    return failure('VALIDATION_FAILED', 'The reference time is not a valid date.', HINTS.general, false);
  }
  return null;
}

function onceWhen(body: string, zone: string, explicit: boolean, now: Date): Attempt {
  const moment = parseMoment(body, zone, now, explicit);
  if ('result' in moment) return moment;
  const placed = placeMoment(moment.moment, body, zone, now);
  if ('result' in placed) return placed;
  const { instant, wall } = placed.placed;
  if (instant.getTime() < now.getTime()) {
    return pastFailure(instant, zone, now, moment.moment.kind === 'wall' ? wall : undefined);
  }
  if (instant.getTime() - now.getTime() > HORIZON_MS) {
    return failure('VALIDATION_FAILED', `"${body}" is more than ten years ahead.`, HINTS.general, true);
  }
  return {
    result: { ok: true, value: { kind: 'once', instant, zone, local: formatWall(wall) } },
    recognized: true,
  };
}

function recurringWhen(body: string, at: number, zone: string, explicit: boolean, now: Date): Attempt {
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
  });
}

function randomWhen(body: string, zone: string, ctx: ParseContext): Attempt {
  const range = parseRandomRange(body);
  if (!range) {
    return failure('UNPARSEABLE_TIME', `I could not read "${body}" as random:MIN-MAX.`, HINTS.random, true);
  }
  const { minMs, maxMs } = range;
  if (minMs < MIN_RANDOM_MS || maxMs > MAX_RANDOM_MS || minMs > maxMs) {
    const message = `"${body}" must have 30s ≤ MIN ≤ MAX ≤ 30d.`;
    return failure('VALIDATION_FAILED', message, HINTS.random, true);
  }
  const last = ctx.lastScheduledAt?.getTime() ?? Number.NaN;
  const base = Number.isFinite(last) ? Math.max(ctx.now.getTime(), last) : ctx.now.getTime();
  const drawn = draw(ctx.random);
  const r = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 0.999_999_999) : 0.5;
  const steps = Math.floor((maxMs - minMs) / 1000);
  const instant = new Date(base + minMs + Math.floor(r * (steps + 1)) * 1000);
  const local = formatWall(instantToWall(instant, zone));
  return { result: { ok: true, value: { kind: 'once', instant, zone, local } }, recognized: true };
}

/** The caller's random draw, or the middle of the range when there is none (or it fails). */
function draw(random: (() => number) | undefined): number {
  try {
    return random ? random() : 0.5;
  } catch {
    return 0.5;
  }
}
