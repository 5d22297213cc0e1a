/**
 * When this process last changed a workspace's posts or jobs. What the calendar's feed cache
 * checks before answering from memory: a page polling every second then costs a lookup, not a
 * re-read of the week, until something in the workspace changes.
 */
export interface ChangeClock {
  /** Milliseconds since epoch of the last local write to the workspace (0 when none). */
  lastChange(workspaceId: string): number;
}
