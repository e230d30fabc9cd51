import { formatBytes } from './format.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  readonly label: string;
  readonly total: number;
  readonly done: number;
  advance(bytes: number): void;
  /** Counts bytes that were already uploaded (a resume) without counting them towards the speed. */
  skip(bytes: number): void;
  finish(): void;
}

interface BarState extends ProgressBar {
  done: number;
  skipped: number;
  startedAt: number;
  finished: boolean;
  lastPrinted: number;
  pinned: boolean;
}

const ESC = '\u001b[';
const BAR_WIDTH = 24;
const LABEL_WIDTH = 28;

const fitLabel = (label: string): string => (label.length > LABEL_WIDTH ? `${label.slice(0, LABEL_WIDTH - 1)}…` : label.padEnd(LABEL_WIDTH));

const describe = (bar: BarState, now: number, graphic: boolean): string => {
  const ratio = bar.total > 0 ? Math.min(1, bar.done / bar.total) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  const seconds = (now - bar.startedAt) / 1000;
  const rate = seconds > 0.2 ? (bar.done - bar.skipped) / seconds : 0;
  const eta = rate > 0 && ratio < 1 ? `  ETA ${Math.ceil((bar.total - bar.done) / rate)} s` : '';
  const graph = graphic ? `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]  ` : '';
  const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `${fitLabel(bar.label)}  ${graph}${pct}  ${formatBytes(bar.done)} / ${formatBytes(bar.total)}  ${formatBytes(rate)}/s${eta}`;
};

/**
 * Progress bars on a terminal (redrawn in place with ANSI escapes, at most 10 times a second), or plain
 * periodic lines when the output is a pipe or a file (a CI log keeps one line per interval, not a flood).
 * Result lines go through `log`, which keeps them above the bars.
 */
export class ProgressBoard {
  readonly #out: ProgressStream;
  readonly #tty: boolean;
  readonly #bars: BarState[] = [];
  readonly #timer: NodeJS.Timeout;
  readonly #plainIntervalMs: number;
  #drawn = 0;

  constructor(out: ProgressStream, options: { plainIntervalMs?: number; tty?: boolean } = {}) {
    this.#out = out;
    this.#tty = options.tty ?? out.isTTY === true;
    this.#plainIntervalMs = options.plainIntervalMs ?? 2000;
    this.#timer = setInterval(() => this.#tick(), this.#tty ? 100 : 250);
    this.#timer.unref();
  }

  /** A pinned bar (the overall one) is drawn below the others. */
  add(label: string, total: number, options: { pinned?: boolean } = {}): ProgressBar {
    const bar: BarState = {
      label,
      total,
      done: 0,
      skipped: 0,
      startedAt: Date.now(),
      finished: false,
      lastPrinted: Date.now(),
      pinned: options.pinned === true,
      advance: (bytes) => {
        bar.done += bytes;
      },
      skip: (bytes) => {
        bar.done += bytes;
        bar.skipped += bytes;
      },
      finish: () => {
        bar.finished = true;
        this.#bars.splice(this.#bars.indexOf(bar), 1);
        this.#redraw();
      },
    };
    this.#bars.push(bar);
    // A log gets a line when a file starts, so every file shows up even if it finishes within one interval.
    if (!this.#tty && !bar.pinned) this.#out.write(`${describe(bar, Date.now(), false)}\n`);
    this.#redraw();
    return bar;
  }

  /** A permanent line (on `stream`, e.g. stdout), written above the bars. */
  log(line: string, stream: ProgressStream = this.#out): void {
    this.#erase();
    stream.write(`${line}\n`);
    this.#draw();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#erase();
  }

  #tick(): void {
    if (this.#tty) {
      this.#redraw();
      return;
    }
    const now = Date.now();
    for (const bar of this.#bars) {
      if (now - bar.lastPrinted < this.#plainIntervalMs) continue;
      bar.lastPrinted = now;
      this.#out.write(`${describe(bar, now, false)}\n`);
    }
  }

  #redraw(): void {
    if (!this.#tty) return;
    this.#erase();
    this.#draw();
  }

  #erase(): void {
    if (!this.#tty || this.#drawn === 0) return;
    this.#out.write(`${ESC}${this.#drawn}A${ESC}0J`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (!this.#tty) return;
    const now = Date.now();
    const width = Math.max(40, (this.#out.columns || 100) - 1);
    const ordered = [...this.#bars.filter((b) => !b.pinned), ...this.#bars.filter((b) => b.pinned)];
    const lines = ordered.map((bar) => describe(bar, now, true).slice(0, width));
    if (lines.length === 0) return;
    this.#out.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}
