/**
 * Every process the sandbox starts, in one registry: each child runs in its own process group, and
 * `stopAll` ends every group still alive (SIGTERM, then SIGKILL after a grace) — on a normal exit,
 * on Ctrl-C and on failure alike. Children whose output the sandbox waits on are watched line by
 * line: `waitForLine` resolves on the first matching line, never on a timer alone.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface Tracked {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr, bounded). */
  output(): string;
  /** Resolves on the first line matching `pattern` (already printed or to come); rejects when the process ends first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the exit code (or 128 + signal) once the process has ended and its streams closed. */
  readonly exited: Promise<number>;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const KEEP = 200_000;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class ProcessRegistry {
  private readonly tracked: Tracked[] = [];

  /** Starts `command` in a new process group and registers it. `onLine` sees each complete line. */
  start(name: string, command: string, args: readonly string[], options: SpawnOptions & { onLine?: (line: string) => void } = {}): Tracked {
    const { onLine, ...spawnOptions } = options;
    const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    let partial = "";
    const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    const lines: string[] = [];
    const take = (chunk: Buffer): void => {
      const s = chunk.toString("utf8");
      text = (text + s).slice(-KEEP);
      partial += s;
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        onLine?.(line);
        for (const waiter of [...waiters]) {
          if (waiter.pattern.test(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    const exited = new Promise<number>((resolve) => {
      child.once("error", () => resolve(127));
      child.once("close", (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? 0))));
    });
    const tracked: Tracked = {
      name,
      child,
      exited,
      output: () => text,
      waitForLine: (pattern, timeoutMs) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen !== undefined) return Promise.resolve(seen);
        return new Promise<string>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${name}: no line matching ${String(pattern)} within ${timeoutMs} ms; its output ends:\n${text.slice(-1500)}`)),
            timeoutMs,
          );
          waiters.push({
            pattern,
            resolve: (line) => {
              clearTimeout(timer);
              resolve(line);
            },
          });
          void exited.then((code) => {
            clearTimeout(timer);
            reject(new Error(`${name} exited (${code}) before printing a line matching ${String(pattern)}; its output ends:\n${text.slice(-1500)}`));
          });
        });
      },
    };
    this.tracked.push(tracked);
    return tracked;
  }

  /** Sends `signal` to one tracked process's whole group. */
  signal(tracked: Tracked, signal: NodeJS.Signals): void {
    const pid = tracked.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** Stops every group still alive: SIGTERM, then SIGKILL after `graceMs`. Idempotent. */
  async stopAll(graceMs = 3000): Promise<void> {
    const alive = this.tracked.filter((t) => t.child.pid !== undefined && groupAlive(t.child.pid));
    for (const t of alive) this.signal(t, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && alive.some((t) => t.child.pid !== undefined && groupAlive(t.child.pid))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const t of alive) if (t.child.pid !== undefined && groupAlive(t.child.pid)) this.signal(t, "SIGKILL");
    await Promise.all(alive.map((t) => t.exited));
  }

  /** The process ids still registered and alive, for the narrative and the tests. */
  alive(): number[] {
    return this.tracked.flatMap((t) => (t.child.pid !== undefined && groupAlive(t.child.pid) ? [t.child.pid] : []));
  }
}

/** Last resort on process exit (synchronous): SIGKILL every group still alive. */
export function killAllSync(registry: ProcessRegistry): void {
  for (const pid of registry.alive()) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
