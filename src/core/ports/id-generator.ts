/** Makes ids for new entities; core has no randomness of its own so tests can predict ids. */
export interface IdGenerator {
  /** A new unique id with a short readable prefix (`pst_`, `job_` …) so users can tell ids apart in chat. */
  next(prefix: string): string;
  /**
   * The same id every time for the same seed: what a request retried after a crash uses, so its
   * second run finds what its first one stored instead of storing it again.
   */
  derive(prefix: string, seed: string): string;
}
