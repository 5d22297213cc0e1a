import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Gives every thread of this process the nice value `nice`, so the kernel runs other processes on
 * the machine (an API answering a user) first whenever both want a core. On Linux a nice value
 * belongs to a thread, not a process: each one listed in /proc/self/task is lowered, and a thread
 * started later inherits it from the thread that starts it. Raising one's own nice value needs no
 * privilege. Returns how many threads were lowered: 0 where there is no /proc (other systems)
 * lowers the calling thread alone, which is the process's on those systems.
 */
export function lowerProcessPriority(nice: number): number {
  if (nice === 0) return 0;
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    setPriority(nice);
    return 0;
  }
  let lowered = 0;
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
      lowered += 1;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return lowered;
}
