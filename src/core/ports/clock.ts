/** The only source of "now" in core: tests and the language parser control time through it. */
export interface Clock {
  /** Current instant. Core never calls `Date.now()` so schedules are reproducible in tests. */
  now(): Date;
}
