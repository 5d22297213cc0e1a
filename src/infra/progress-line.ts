/** Where a progress line is drawn: a terminal (the line is rewritten in place). */
interface ProgressTerminal {
  write(text: string): unknown;
  columns?: number;
}

/**
 * One line on a terminal that says what a long task is doing and for how long, rewritten in
 * place (every second, and whenever there is news) instead of a line per event:
 * `Building the local database: compiling · 143 packages · 47 s`.
 */
export class ProgressLine {
  private started: number | undefined;
  private current = '';
  private unit: string | undefined;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: ProgressTerminal,
    private readonly title: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new step; `counting` names what each line of its output is (e.g. `packages`). */
  step(name: string, counting?: string): void {
    if (this.started === undefined) {
      this.started = this.now();
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
    this.current = name;
    this.unit = counting;
    this.count = 0;
    this.draw();
  }

  /** One line of the step's output: counted, not shown. */
  output(_line: string): void {
    this.count += 1;
    if (this.unit) this.draw();
  }

  /** Ends the line with `summary`; the terminal's next output starts on a line of its own. */
  done(summary: string): void {
    clearInterval(this.timer);
    this.out.write(`\r\x1b[2K${summary}\n`);
  }

  /** The line as it reads now. */
  text(): string {
    const seconds = Math.round((this.now() - (this.started ?? this.now())) / 1000);
    const counted = this.unit && this.count > 0 ? ` · ${this.count} ${this.unit}` : '';
    return `${this.title}: ${this.current}${counted} · ${seconds} s`;
  }

  private draw(): void {
    // Longer than the terminal is wide, the line would wrap and \r would rewrite only its end.
    const width = Math.max(20, (this.out.columns || 80) - 1);
    this.out.write(`\r\x1b[2K${this.text().slice(0, width)}`);
  }
}
