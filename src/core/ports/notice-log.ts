/**
 * Remembers which notices went out, so each goes out once — whichever worker sees the event
 * first, however often sweeps or retries see it again.
 */
export interface NoticeLog {
  /** True the first time `key` is seen (the caller should send), false every time after. */
  firstTime(key: string, at: Date): Promise<boolean>;
  /** Gives a key back after the send failed, so the next sweep or retry tries again. */
  forget(key: string): Promise<void>;
  /**
   * Gives a key back from `from` on, not before: a send that failed is tried again by a later
   * sweep without a sweep every few seconds hammering a channel Herald cannot post to.
   */
  retryAfter(key: string, from: Date): Promise<void>;
}
