import { type ClockTime, type LooseDate, parseClock, parseLooseDate } from './lexicon.js';

/**
 * The pieces a repeating phrase is made of — the word cursor, the draft it fills, and the
 * modifier clauses that may follow the frequency in any order: `at <time>`, `until <date>`,
 * `except <date>, <date>`, `starting <date>`, `<n> times`.
 */

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** The parts of an RRULE as read from words, before a start date pins them down. */
export interface RuleDraft {
  freq: Freq;
  interval: number;
  byDay: string[];
  byMonthDay: number[];
  byMonth: number[];
  clock?: ClockTime;
  count?: number;
  until?: LooseDate;
  except: LooseDate[];
  starting?: LooseDate | 'today' | 'tomorrow';
}

/** A cursor over the phrase's words; commas, slashes and ampersands are words of their own. */
export class Words {
  readonly list: string[];
  i = 0;
  constructor(text: string) {
    this.list = text.replace(/[,/&]/g, ' , ').split(' ').filter(Boolean);
  }
  peek(k = 0): string {
    return this.list[this.i + k] ?? '';
  }
  next(): string {
    return this.list[this.i++] ?? '';
  }
  done(): boolean {
    return this.i >= this.list.length;
  }
  isSeparator(k = 0): boolean {
    return this.peek(k) === ',' || this.peek(k) === 'and';
  }
}

/** A problem is the words that could not be placed, quoted; null means the clause was read. */
export type Problem = string | null;

/** `at 9am`, `9:30`, `at 9 pm`, `at 18`: one time of day per rule. */
function readClock(w: Words, d: RuleDraft, afterAt: boolean): Problem {
  const two = parseClock(`${w.peek()} ${w.peek(1)}`, afterAt);
  const clock = two ?? parseClock(w.peek(), afterAt);
  if (!clock) return `"${afterAt ? 'at ' : ''}${w.peek()}"`;
  if (d.clock) return 'two times of day';
  w.i += two ? 2 : 1;
  d.clock = clock;
  return null;
}

/** Longest run of up to 4 words that reads as a date (`dec 25 , 2026`, `2027-01-31`). */
export function readDate(w: Words): LooseDate | null {
  for (let n = Math.min(4, w.list.length - w.i); n >= 1; n--) {
    const text = w.list
      .slice(w.i, w.i + n)
      .join(' ')
      .replace(/ , /g, ', ');
    const date = parseLooseDate(text);
    if (date) {
      w.i += n;
      return date;
    }
  }
  return null;
}

/** `until 2027-01-31`, `until jan 31`: the last local day of the series (inclusive). */
function readUntil(w: Words, d: RuleDraft): Problem {
  const date = readDate(w);
  if (!date) return `"until ${w.peek()}"`;
  if (d.until) return 'two "until" dates';
  d.until = date;
  return null;
}

/** `except 2026-12-25, 2027-01-01`, `except dec 25 and jan 1`, `but not 2026-12-25`. */
export function readExcept(w: Words, d: RuleDraft, word: string): Problem {
  if (word === 'but' && w.next() !== 'not') return '"but"';
  if (w.peek() === 'on') w.next();
  for (;;) {
    const date = readDate(w);
    if (!date) return `"except ${w.peek()}"`;
    d.except.push(date);
    if (!w.isSeparator()) return null;
    const separator = w.i;
    w.i += 1;
    const more = readDate(w) !== null;
    w.i = separator + (more ? 1 : 0);
    if (!more) return null;
  }
}

/** `starting tomorrow`, `from dec 1`, `beginning 2026-12-01`. */
function readStarting(w: Words, d: RuleDraft): Problem {
  if (w.peek() === 'on') w.next();
  if (d.starting) return 'two start dates';
  if (w.peek() === 'today' || w.peek() === 'tomorrow') {
    d.starting = w.next() as 'today' | 'tomorrow';
    return null;
  }
  const date = readDate(w);
  if (!date) return `"starting ${w.peek()}"`;
  d.starting = date;
  return null;
}

/** `10 times`, `for 10 times`, `10x` — the number has been read already. */
function readCount(w: Words, d: RuleDraft, n: string): Problem {
  w.next();
  if (d.count !== undefined) return 'two counts';
  d.count = Number(n);
  return null;
}

/** Reads one clause after the frequency; `onClause` is the frequency-specific `on …` reader. */
export function readModifier(w: Words, d: RuleDraft, onClause: (w: Words, d: RuleDraft) => Problem): Problem {
  const word = w.next();
  if (word === ',' || word === 'and') return null;
  if (word === 'at') return readClock(w, d, true);
  if (word === 'on') return onClause(w, d);
  if (word === 'until' || word === 'till' || word === 'through') return readUntil(w, d);
  if (['except', 'excluding', 'skipping', 'but'].includes(word)) return readExcept(w, d, word);
  if (word === 'starting' || word === 'from' || word === 'beginning') return readStarting(w, d);
  if (word === 'for' && /^\d+$/.test(w.peek()) && /^times?$/.test(w.peek(1)))
    return readCount(w, d, w.next());
  if (/^\d+$/.test(word) && /^(times?|x)$/.test(w.peek())) return readCount(w, d, word);
  const count = /^(\d+)x$/.exec(word);
  if (count) {
    w.i -= 1;
    return readCount(w, d, count[1]!);
  }
  w.i -= 1;
  return readClock(w, d, false);
}
