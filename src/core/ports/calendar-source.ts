import type { Post, PublishJob } from '../domain/types.js';

/** What the calendar shows of a window: its jobs, and the posts they belong to. */
export interface CalendarWindow {
  /** Every job planned in [from, to), cancelled ones included, soonest first. */
  jobs: PublishJob[];
  /** The posts of those jobs, by id. */
  posts: Map<string, Post>;
}

/**
 * The calendar's read side. A page asks for the same week every second or two while a few of
 * its hundreds of jobs change, so an adapter may keep what it read and re-read only what changed
 * since — but an answer must include every write any process finished before the call began.
 */
export interface CalendarSource {
  window(workspaceId: string, from: Date, to: Date): Promise<CalendarWindow>;
  /**
   * Reads [from, to) of the workspaces the calendar is likely to show, ahead of the first page
   * (at start-up), so that page gets a kept answer instead of a cold read.
   */
  warm(from: Date, to: Date): Promise<number>;
}
