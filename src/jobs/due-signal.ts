import { EventEmitter } from 'node:events';
import type { Agenda } from 'agenda';

/**
 * Tells the worker of this process, if there is one, that a job was enqueued on the same Agenda
 * (a publish-now, a retry, a new post): its dispatcher then looks at once (or at the job's time)
 * instead of at its next poll. Other processes learn it from Agenda's wake-up or their own poll.
 */
export function dueSignal(agenda: Agenda): EventEmitter<{ due: [Date] }> {
  let signal = signals.get(agenda);
  if (!signal) {
    signal = new EventEmitter<{ due: [Date] }>();
    signals.set(agenda, signal);
  }
  return signal;
}

const signals = new WeakMap<Agenda, EventEmitter<{ due: [Date] }>>();
