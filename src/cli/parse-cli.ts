import { parseArgs } from 'node:util';
import { formatUtc, interpret, nextOccurrences, parseWhen, type When } from '../core/language/index.js';

/**
 * `herald parse "<text>" [--tz ZONE] [--now ISO] [--default-time HH:MM] [--count N] [--json]`:
 * shows how Herald reads a scheduling phrase, with the same echo the chat surfaces print — a
 * way to try the language (and script against it) with no Slack or Discord account. Exit 0 when the phrase is
 * accepted, 1 when it is refused, 2 for a usage mistake.
 */

/** Where the command writes: stdout and stderr in `main.ts`, buffers in tests. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

const USAGE = `Usage: herald parse "<text>" [--tz ZONE] [--now ISO] [--default-time HH:MM] [--count N] [--json]

Shows how Herald understands a scheduling phrase.
  --tz ZONE              IANA zone for times that do not name one (default UTC)
  --now ISO              reference time, ISO 8601 with Z or an offset (default: now)
  --default-time HH:MM   the account's default posting time, for phrases with no time of day
  --count N              occurrences to list, 1 to 100 (default 3)
  --json                 print JSON instead of text

Examples:
  herald parse "tomorrow 9am every weekday" --tz Europe/Paris
  herald parse "2026-12-01 09:00" --tz America/New_York --json`;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

interface Options {
  text: string;
  zone: string;
  now: Date;
  count: number;
  json: boolean;
  defaultTime?: { hour: number; minute: number };
}

/** Runs `herald parse` with the arguments after `parse`; returns the exit code. */
export function runParseCli(argv: string[], io: CliIo, now: Date): number {
  const options = readOptions(argv, now);
  if (typeof options === 'string') {
    if (options === USAGE) {
      io.out(USAGE);
      return 0;
    }
    io.err(`${options}\n\n${USAGE}`);
    return 2;
  }
  const { text, zone, defaultTime } = options;
  const ctx = { now: options.now, zone };
  const result = parseWhen(text, defaultTime ? { ...ctx, defaultTime } : ctx);
  if (options.json) {
    const body = result.ok ? jsonOf(result.value, options) : { ok: false, error: result.error };
    io.out(JSON.stringify(body, null, 2));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    const { code, message, hint } = result.error;
    io.err(`Error (${code}): ${message}\nTry: ${hint}`);
    return 1;
  }
  io.out(interpret(result.value, options.now, options.count).lines.join('\n'));
  return 0;
}

/** The options, or a usage error message (USAGE itself for --help). */
function readOptions(argv: string[], defaultNow: Date): Options | string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return USAGE;
  const text = positionals.join(' ').trim();
  if (!text) return 'Give the phrase to read, e.g. herald parse "tomorrow 9am".';
  if (values.now !== undefined && (!ISO_WITH_ZONE.test(values.now) || Number.isNaN(Date.parse(values.now)))) {
    return `--now needs an ISO 8601 time with Z or an offset, e.g. 2026-11-21T10:00:00Z (got "${values.now}").`;
  }
  const count = values.count === undefined ? 3 : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    return `--count needs a whole number from 1 to 100 (got "${values.count}").`;
  }
  const clock = values['default-time'];
  const hhmm = clock === undefined ? null : CLOCK.exec(clock);
  if (clock !== undefined && !hhmm)
    return `--default-time needs a 24-hour time HH:MM, e.g. 09:00 (got "${clock}").`;
  const now = values.now === undefined ? defaultNow : new Date(values.now);
  const options: Options = { text, zone: values.tz ?? 'UTC', now, count, json: values.json ?? false };
  if (hhmm) options.defaultTime = { hour: Number(hhmm[1]), minute: Number(hhmm[2]) };
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      tz: { type: 'string' },
      now: { type: 'string' },
      count: { type: 'string' },
      'default-time': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function jsonOf(when: When, options: Options) {
  const { warnings } = interpret(when, options.now, options.count);
  const occurrences =
    when.kind === 'once'
      ? [when.instant]
      : nextOccurrences(when, options.count, new Date(options.now.getTime() - 1));
  return {
    ok: true,
    kind: when.kind,
    instant: formatUtc(when.instant),
    zone: when.zone,
    local: when.local,
    rrule: when.kind === 'recurring' ? when.rrule : null,
    exdates: when.kind === 'recurring' ? when.exdates : [],
    occurrences: occurrences.map(formatUtc),
    warnings,
    ...(when.defaultTime ? { defaultTime: true } : {}),
  };
}
