import { isWeekday, parseOrdinal, RRULE_DAYS, WEEKDAYS } from './lexicon.js';
import { type Freq, type Problem, type RuleDraft, readDate, readModifier, Words } from './rule-clauses.js';

/**
 * The words of a repeating schedule → the parts of an RRULE. Covers `every day`, `every
 * weekday`, `every mon,wed,fri`, `every 2 weeks on tuesday`, `monthly on the 1st`, `on the
 * last friday of the month`, `every year on dec 25`, then the modifiers of rule-clauses.ts.
 */

export type { Freq, RuleDraft } from './rule-clauses.js';

/** A draft, or the words that could not be placed (quoted, for the error message). */
type DraftResult = { ok: true; draft: RuleDraft } | { ok: false; reason: string };

const UNIT = new Map<string, Freq>([
  ['day', 'DAILY'],
  ['days', 'DAILY'],
  ['week', 'WEEKLY'],
  ['weeks', 'WEEKLY'],
  ['month', 'MONTHLY'],
  ['months', 'MONTHLY'],
  ['year', 'YEARLY'],
  ['years', 'YEARLY'],
]);
const ADVERB = new Map<string, [Freq, number]>([
  ['daily', ['DAILY', 1]],
  ['weekly', ['WEEKLY', 1]],
  ['fortnightly', ['WEEKLY', 2]],
  ['biweekly', ['WEEKLY', 2]],
  ['monthly', ['MONTHLY', 1]],
  ['yearly', ['YEARLY', 1]],
  ['annually', ['YEARLY', 1]],
]);
const WORKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** Parses a lower-case recurrence phrase into a draft, or says which words it could not place. */
export function parseRulePhrase(text: string): DraftResult {
  const w = new Words(text);
  const draft: RuleDraft = { freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], byMonth: [], except: [] };
  const head = frequency(w, draft);
  if (head) return { ok: false, reason: head };
  while (!w.done()) {
    const problem = readModifier(w, draft, onClause);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, draft };
}

function frequency(w: Words, d: RuleDraft): Problem {
  const first = w.next();
  const adverb = ADVERB.get(first);
  if (adverb) [d.freq, d.interval] = adverb;
  else if (first === 'weekdays') setWeekly(d, WORKDAYS);
  else if (first === 'every' || first === 'each') return everyClause(w, d);
  else if (first === 'on' || first === 'the') return monthPosition(w, d, first === 'the');
  else return `"${first}"`;
  return null;
}

function everyClause(w: Words, d: RuleDraft): Problem {
  if (w.peek() === 'other') {
    w.next();
    d.interval = 2;
  } else if (/^\d{1,3}$/.test(w.peek())) {
    d.interval = Number(w.next());
    if (d.interval < 1) return `"every ${d.interval}"`;
  }
  const word = w.peek();
  const unit = UNIT.get(word);
  if (unit) {
    w.next();
    d.freq = unit;
  } else if (/^week(day|days)$/.test(word) || /^week-?ends?$/.test(word)) {
    w.next();
    setWeekly(d, word.startsWith('weekd') ? WORKDAYS : ['SA', 'SU']);
  } else if (isWeekday(word) || dayRange(word)) {
    setWeekly(d, dayList(w));
  } else if (parseOrdinal(word) !== null) {
    return monthPosition(w, d, true);
  } else {
    return `"every ${word}"`;
  }
  return null;
}

function setWeekly(d: RuleDraft, days: string[]): void {
  d.freq = 'WEEKLY';
  d.byDay = days;
}

/** `mon , wed and fri` → ['MO','WE','FR'], `mon-fri` → MO…FR; stops before anything that is not a weekday. */
function dayList(w: Words): string[] {
  const days: string[] = [];
  while (isWeekday(w.peek()) || dayRange(w.peek())) {
    const word = w.next();
    for (const day of dayRange(word) ?? [WEEKDAYS.get(word)!]) {
      const code = RRULE_DAYS[day]!;
      if (!days.includes(code)) days.push(code);
    }
    if (w.isSeparator() && (isWeekday(w.peek(1)) || dayRange(w.peek(1)))) w.next();
  }
  return days;
}

/** `mon-fri` → [1, 2, 3, 4, 5] (0 = Sunday); null when the word is not a weekday range. */
function dayRange(word: string): number[] | null {
  const [from, to, ...more] = word.split('-');
  if (more.length > 0 || !from || !to || !isWeekday(from) || !isWeekday(to)) return null;
  const out: number[] = [];
  for (let d = WEEKDAYS.get(from)!; out.length < 7; d = (d + 1) % 7) {
    out.push(d);
    if (d === WEEKDAYS.get(to)) break;
  }
  return out;
}

/** `[the] 1st [and 15th]`, `[the] last friday`, `[the] last day` [of the|every|each month]. */
function monthPosition(w: Words, d: RuleDraft, theSeen: boolean): Problem {
  if (!theSeen && w.peek() === 'the') w.next();
  const n = parseOrdinal(w.peek());
  if (n === null || n === 0 || n > 31) return `"${w.peek()}"`;
  w.next();
  if (isWeekday(w.peek())) {
    if (n > 5) return `"${n}th ${w.peek()}"`;
    d.byDay = [`${n}${RRULE_DAYS[WEEKDAYS.get(w.next())!]}`];
  } else if (n === -1 && w.peek() === 'day') {
    w.next();
    d.byMonthDay = [-1];
  } else if (n === -1) {
    return `"last ${w.peek()}"`;
  } else {
    d.byMonthDay = [n];
    const problem = moreMonthDays(w, d);
    if (problem) return problem;
  }
  d.freq = 'MONTHLY';
  if (w.peek() === 'of' && ['the', 'every', 'each'].includes(w.peek(1)) && w.peek(2) === 'month') w.i += 3;
  return null;
}

/** `the 1st and 15th`, `the 1st, 10th and 20th`. */
function moreMonthDays(w: Words, d: RuleDraft): Problem {
  while (w.isSeparator() && /^\d/.test(w.peek(1)) && parseOrdinal(w.peek(1)) !== null) {
    w.next();
    const more = parseOrdinal(w.next())!;
    if (more === 0 || more > 31) return `"${more}"`;
    if (!d.byMonthDay.includes(more)) d.byMonthDay.push(more);
  }
  return null;
}

/** `on <weekdays>` (weekly), `on the 1st` / `on the last friday` (monthly), `on dec 25` (yearly). */
function onClause(w: Words, d: RuleDraft): Problem {
  if ((isWeekday(w.peek()) || dayRange(w.peek())) && d.freq === 'WEEKLY' && d.byDay.length === 0) {
    d.byDay = dayList(w);
    return null;
  }
  if (/^weekdays?$/.test(w.peek()) && d.freq === 'WEEKLY' && d.byDay.length === 0) {
    w.next();
    d.byDay = WORKDAYS;
    return null;
  }
  if (d.freq === 'YEARLY' && d.byMonth.length === 0) {
    const date = readDate(w);
    if (!date || date.year !== undefined) return `"on ${w.peek()}"`;
    d.byMonth = [date.month];
    d.byMonthDay = [date.day];
    return null;
  }
  if (d.freq !== 'MONTHLY' || d.byDay.length > 0 || d.byMonthDay.length > 0) return `"on ${w.peek()}"`;
  return monthPosition(w, d, false);
}
