/**
 * Progress for work that may take more than a second. Silent for quick work; on a TTY a spinner
 * line on stderr (redrawn in place), elsewhere one plain line when the work passes the delay, so
 * CI logs stay readable. Writes through the masked stderr sink like everything else.
 */
import type { Sink } from "./io.js";

export interface Progress {
  /** Changes the text shown (e.g. `12/200 hosts`). */
  update(text: string): void;
  /** Ends the progress display and clears its line. */
  done(): void;
}

export interface ProgressOptions {
  /** Milliseconds before anything is shown. Default 1000. */
  readonly delayMs?: number;
  /** Redraw interval on a TTY. Default 100. */
  readonly intervalMs?: number;
  /** Disable entirely (e.g. with `--json` to a terminal you still want quiet stderr). */
  readonly quiet?: boolean;
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function startProgress(sink: Sink, label: string, options: ProgressOptions = {}): Progress {
  if (options.quiet === true) return { update() {}, done() {} };
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  let text = "";
  let frame = 0;
  let shown = false;
  let ticker: NodeJS.Timeout | undefined;

  const draw = () => {
    const line = `${frames[frame % frames.length] ?? ""} ${label}${text === "" ? "" : ` — ${text}`}`;
    frame += 1;
    sink.write(`\r\u001b[2K${line}`);
  };
  const show = () => {
    shown = true;
    if (sink.isTTY) {
      draw();
      ticker = setInterval(draw, intervalMs);
      ticker.unref();
    } else {
      sink.write(`${label}${text === "" ? "" : ` — ${text}`} …\n`);
    }
  };
  const timer = setTimeout(show, delayMs);
  timer.unref();

  return {
    update(next: string) {
      text = next;
    },
    done() {
      clearTimeout(timer);
      if (ticker !== undefined) clearInterval(ticker);
      if (shown && sink.isTTY) sink.write("\r\u001b[2K");
    },
  };
}
