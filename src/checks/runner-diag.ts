/**
 * Reading a runner's `_diag/Runner_*.log` (the listener's log): lines at ERR/CRIT level within a
 * time window, each matched against the messages known from actions/runner
 * (/work/shared/reference/github-actions.md, "Exact messages" and "Runner hosts").
 * Line format: `[YYYY-MM-DD HH:MM:SSZ INFO|WARN|ERR |CRIT|VERB <Component>] message`.
 */
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";

export interface KnownMessage {
  readonly id: string;
  readonly pattern: RegExp;
  /** What it means and what to do. */
  readonly meaning: string;
  /** `fail`: the runner cannot take jobs as it is; `warn`: transient or informational. */
  readonly severity: "fail" | "warn";
}

export const KNOWN_RUNNER_MESSAGES: readonly KnownMessage[] = [
  {
    id: "registration-deleted",
    pattern: /registration has been deleted from the server/i,
    meaning: "the runner registration was deleted: re-run config.sh",
    severity: "fail",
  },
  {
    id: "session-exists",
    pattern: /A session for this runner already exists/i,
    meaning: "another process holds this runner's session (duplicate runner or stale process)",
    severity: "fail",
  },
  {
    id: "connect-error",
    pattern: /Runner connect error/i,
    meaning: "could not reach GitHub; the runner retries until reconnected (network, proxy, DNS)",
    severity: "warn",
  },
  {
    id: "lost-communication",
    pattern: /lost communication with the server/i,
    meaning: "GitHub lost the runner mid-job (host died, CPU/memory starvation, network)",
    severity: "warn",
  },
  { id: "shutdown-signal", pattern: /has received a shutdown signal/i, meaning: "the runner service was stopped or the run was cancelled", severity: "warn" },
  { id: "low-disk", pattern: /running out of disk space/i, meaning: "low disk space on the runner: free space in _work", severity: "fail" },
  { id: "os-shutdown", pattern: /Operating system is shutting down/i, meaning: "the host was shutting down", severity: "warn" },
];

export interface DiagLine {
  readonly file: string;
  readonly line: number;
  readonly at: Date;
  readonly level: "ERR" | "CRIT";
  readonly component: string;
  readonly message: string;
  readonly known?: KnownMessage;
}

const LINE = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})Z (ERR|CRIT)\s*([^\]]*)\]\s?(.*)$/;
/** Bytes read from the end of each log file (logs roll at 8 MB). */
const TAIL_BYTES = 2 * 1024 * 1024;

/** One ERR/CRIT line of a `_diag` log, or undefined for any other line (the one line grammar, shared with diagnose). */
export function parseDiagLine(raw: string): { at: Date; level: "ERR" | "CRIT"; component: string; message: string } | undefined {
  const match = LINE.exec(raw);
  if (match === null) return undefined;
  return {
    at: new Date(`${(match[1] ?? "").replace(" ", "T")}Z`),
    level: match[2] === "CRIT" ? "CRIT" : "ERR",
    component: (match[3] ?? "").trim(),
    message: match[4] ?? "",
  };
}

/** The last `bytes` of a log file from a line start; `firstLine` is 1 when the whole file was read, else -1. */
export async function tailDiagFile(path: string, bytes = TAIL_BYTES): Promise<{ text: string; firstLine: number }> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString("utf8");
    if (start > 0) text = text.slice(text.indexOf("\n") + 1);
    return { text, firstLine: start > 0 ? -1 : 1 };
  } finally {
    await handle.close();
  }
}

/** ERR/CRIT lines of `Runner_*.log` files in `diagDir` at or after `since`, oldest first. */
export async function readDiagErrors(diagDir: string, since: Date): Promise<DiagLine[]> {
  const names = (await readdir(diagDir)).filter((name) => /^Runner_.*\.log$/.test(name)).sort();
  const found: DiagLine[] = [];
  for (const name of names) {
    const path = join(diagDir, name);
    if ((await stat(path)).mtime < since) continue;
    const { text, firstLine } = await tailDiagFile(path);
    for (const [index, raw] of text.split(/\r?\n/).entries()) {
      const line = parseDiagLine(raw);
      if (line === undefined || line.at < since) continue;
      const known = KNOWN_RUNNER_MESSAGES.find((k) => k.pattern.test(line.message));
      found.push({ file: name, line: firstLine < 0 ? -1 : index + 1, ...line, ...(known === undefined ? {} : { known }) });
    }
  }
  return found;
}

/** `Runner_20240501-101500-utc.log:42 ERR Runner: message — known: meaning`. */
export function formatDiagLine(line: DiagLine): string {
  const where = line.line < 0 ? line.file : `${line.file}:${line.line}`;
  const known = line.known === undefined ? "" : ` — known (${line.known.id}): ${line.known.meaning}`;
  return `${where} ${line.at.toISOString()} ${line.level} ${line.component}: ${line.message}${known}`;
}
