/**
 * Groups what a use case's writes leave for readers elsewhere (the calendar's change marks) into
 * one write after them all: a cancel that moves a job and then stops its post notes both in one
 * round trip instead of one after each write. `together` hands `run` a function that makes a
 * store (the deps' own, whatever wraps it) note its writes into the scope, and returns once those
 * notes are written, whether `run` returns or throws, so a caller that hears of a change can
 * read it back anywhere.
 */
export interface WriteScope {
  together<T>(run: (hold: <S extends object>(store: S) => S) => Promise<T>): Promise<T>;
}
