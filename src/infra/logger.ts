import pino, { type DestinationStream, type Logger } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';

/** Paths that may carry secrets: pino replaces them before anything is written. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'credential',
  '*.credential',
];

/** `json`: one object a line, for machines. `pretty`: one readable line, for a person at a terminal. */
type LogFormat = 'json' | 'pretty';

/**
 * JSON lines unless a person watches: only when both stdout and stderr are a terminal (not
 * `npm start | cat`, not `2>file`, not a container or systemd) does `auto` mean readable lines.
 */
export function chooseLogFormat(
  setting: 'auto' | LogFormat,
  terminal: { stdout: boolean; stderr: boolean },
): LogFormat {
  if (setting !== 'auto') return setting;
  return terminal.stdout && terminal.stderr ? 'pretty' : 'json';
}

/** A log line as a person reads it: time, level, message, then the fields. Never a JSON object. */
function prettyLine(colorize: boolean): (jsonLine: string) => string {
  return prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}

const WARN = 40;
const levelOf = (line: string) => Number(/"level":(\d+)/.exec(line)?.[1] ?? WARN);

/**
 * Where readable log lines go. Normally every line is shown on stderr. While the console chat
 * runs (`aside`), every line goes to a file and only warnings and errors are shown, through the
 * chat's own printer, so they land on lines of their own above the prompt.
 */
export class ReadableLogs implements DestinationStream {
  private readonly pretty: (line: string) => string;
  private file: pino.DestinationStream | undefined;
  private show: (text: string) => void;

  constructor(
    private readonly terminal: (text: string) => void = (text) => void process.stderr.write(`${text}\n`),
    colorize = isColorSupported,
  ) {
    this.pretty = prettyLine(colorize);
    this.show = terminal;
  }

  write(line: string): void {
    this.file?.write(line);
    if (!this.file || levelOf(line) >= WARN) this.show(this.pretty(line).trimEnd());
  }

  /** From now on: every line to `file` (JSON, appended), warnings and errors to `show`. */
  aside(file: string, show: (text: string) => void = this.terminal): void {
    this.file ??= pino.destination({ dest: file, append: true, mkdir: true, sync: true });
    this.show = show;
  }

  /** Shows lines through `show` from now on (the chat's printer while it runs; stderr without). */
  showThrough(show: (text: string) => void = this.terminal): void {
    this.show = show;
  }
}

/**
 * The process's logger. `json` (the default) writes JSON lines to stderr, so stdout stays free for
 * the console chat and CLI output; `pretty` writes through `readable`.
 */
export function createLogger(level: string, readable?: ReadableLogs): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return pino(options, readable ?? pino.destination(2));
}

export type { Logger };
