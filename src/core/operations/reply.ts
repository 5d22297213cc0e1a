import type { Interpretation } from '../language/index.js';

/**
 * What a command answers, independent of the surface: the console prints `lines`, Slack and
 * Discord render the structured parts as cards, the REST API returns it as JSON.
 */
export interface Reply {
  /** Short headline, e.g. "Scheduled pst_… for @mia (instagram)". */
  title: string;
  lines: string[];
  /** Whether the reply concerns the whole channel (else it is shown only to the sender). */
  public: boolean;
  /** The time interpretation echo, when the command parsed a time. */
  interpretation?: Interpretation;
  /** Ids the reply is about, so surfaces can attach buttons (cancel, approve …). */
  postIds?: string[];
  /** Set when the command was kept as a draft awaiting Confirm (chat surfaces). */
  draftId?: string;
}

export function replyText(reply: Reply): string {
  return [reply.title, ...reply.lines.map((l) => `  ${l}`)].join('\n');
}

/** What an operation returns to every surface: its result, and the reply that describes it. */
export interface Outcome<T> {
  result: T;
  reply: Reply;
}

/** `1 job`, `3 jobs`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
