import { occurrenceOf, seriesStart } from '../domain/planned-time.js';
import { occurrencesBetween } from '../domain/recurrence.js';
import {
  addWallDays,
  formatWallDate,
  instantToWall,
  parseWall,
  type WallTime,
  wallToInstant,
} from '../domain/time.js';
import type { Post, PublishJob } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import { formatLocal, nextOccurrences, type RecurringWhen } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';

/** One occurrence of a series: the rule's instant for it, and its jobs (none when not yet materialized). */
export interface FoundOccurrence {
  at: Date;
  jobs: PublishJob[];
  /** Every job of the post, as read to find it. */
  all: PublishJob[];
}

const DATE_RE = /^(\d{4}-\d{2}-\d{2})(?:[T\s]+(\d{1,2}):(\d{2}))?$/;

/** The series as the language sees it: its rule from its start, in its zone, with its exceptions. */
export function seriesWhen(post: Post): RecurringWhen {
  const rec = post.recurrence;
  if (!rec) throw notASeries(post);
  const start = seriesStart(post);
  const wall = parseWall(start) as WallTime;
  return {
    kind: 'recurring',
    instant: wallToInstant(wall, post.timezone).instant,
    zone: post.timezone,
    local: start,
    rrule: rec.rrule,
    exdates: rec.exdates,
  };
}

/**
 * Finds one occurrence of a series as a person names it: a job id (what cards carry), a local
 * date (`2026-12-25`), or a local date and time (`2026-12-25 09:00`) in the series' zone. A
 * date with several occurrences needs its time; a date with none is refused with the next ones.
 */
export async function findOccurrence(
  deps: Pick<CoreDeps, 'jobs' | 'clock'>,
  post: Post,
  text: string,
): Promise<FoundOccurrence> {
  const all = await deps.jobs.listByPost(post.workspaceId, post.id);
  const trimmed = text.trim();
  if (trimmed.startsWith('job_')) {
    const job = all.find((j) => j.id === trimmed);
    if (!job) throw notFound('job', trimmed);
    return withJobs(occurrenceOf(job), all);
  }
  const match = DATE_RE.exec(trimmed);
  const day = match ? parseWall(match[1] as string) : null;
  if (!match || !day)
    throw new HeraldError('VALIDATION_FAILED', `"${trimmed.slice(0, 60)}" does not name an occurrence.`, {
      hint: `Give its local date, e.g. ${nextDates(post, deps.clock.now())[0] ?? '2026-12-25'}, or date and time.`,
    });
  const onDay = candidatesOn(post, day, all);
  const wanted =
    match[2] === undefined ? onDay : onDay.filter((at) => clockMatches(at, post.timezone, match));
  if (wanted.length === 1) return withJobs(wanted[0] as Date, all);
  if (wanted.length > 1)
    throw new HeraldError(
      'VALIDATION_FAILED',
      `${match[1]} has ${wanted.length} occurrences of this series.`,
      {
        hint: `Add the time: ${wanted.map((at) => formatLocal(at, post.timezone)).join(', ')}.`,
      },
    );
  throw new HeraldError('VALIDATION_FAILED', `${trimmed} is not an occurrence of post ${post.id}.`, {
    hint: `Its next occurrences: ${nextDates(post, deps.clock.now()).join(', ') || 'none'}.`,
  });
}

function withJobs(at: Date, all: PublishJob[]): FoundOccurrence {
  return { at, jobs: all.filter((j) => occurrenceOf(j).getTime() === at.getTime()), all };
}

/** The rule's occurrences on that local day, and any job that belongs to one of that day. */
function candidatesOn(post: Post, day: WallTime, all: PublishJob[]): Date[] {
  const when = seriesWhen(post);
  const from = wallToInstant({ ...day, hour: 0, minute: 0, second: 0 }, post.timezone).instant;
  const to = wallToInstant({ ...addWallDays(day, 1), hour: 0, minute: 0, second: 0 }, post.timezone).instant;
  const ruled = occurrencesBetween(when.rrule, when.local, when.zone, when.exdates, from, to);
  const date = formatWallDate(day);
  // Jobs of the rule as it is now (not those cancelled when it was re-timed), moved or not.
  const current = `${post.id}:${(post.recurrence?.generation ?? 0) > 0 ? `g${post.recurrence?.generation}:` : ''}`;
  const held = all
    .filter((j) => j.status !== 'cancelled' && j.idempotencyKey.startsWith(current))
    .map(occurrenceOf)
    .filter((at) => formatWallDate(instantToWall(at, post.timezone)) === date);
  const times = new Set([...ruled, ...held].map((d) => d.getTime()));
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

function clockMatches(at: Date, zone: string, match: RegExpExecArray): boolean {
  const wall = instantToWall(at, zone);
  return wall.hour === Number(match[2]) && wall.minute === Number(match[3]);
}

function nextDates(post: Post, now: Date): string[] {
  if (!post.recurrence) return [];
  return nextOccurrences(seriesWhen(post), 3, now).map((at) =>
    formatWallDate(instantToWall(at, post.timezone)),
  );
}

export function notASeries(post: Post): HeraldError {
  return new HeraldError('VALIDATION_FAILED', `Post ${post.id} is a single post, not a series.`, {
    hint: `Reschedule or cancel it as a whole: reschedule ${post.id} +1h.`,
  });
}
