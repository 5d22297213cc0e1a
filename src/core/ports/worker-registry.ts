/**
 * Which workers are alive: each worker beats on its sweep timer, and readiness asks for the
 * newest beat, because scheduled posts only publish while some worker runs.
 */
export interface WorkerRegistry {
  /** Records that `workerId` was alive at `at`; safe when two first beats race. */
  beat(workerId: string, at: Date): Promise<void>;
  /** When any worker last beat, or undefined if none ever did: readiness fails on a silent fleet. */
  newestBeat(): Promise<Date | undefined>;
}
