/** Whether the database answers: readiness fails while it does not, so traffic goes elsewhere. */
export interface DatabaseHealth {
  /** True when a round trip to the database succeeds; throws or resolves false when it does not. */
  ping(): Promise<boolean>;
}
