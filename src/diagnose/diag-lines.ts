/**
 * The runner host's own logs: ERR and CRIT lines of `_diag/Runner_*.log` (the listener) and
 * `_diag/Worker_*.log` (one per job), line format `[YYYY-MM-DD HH:MM:SSZ ERR  Component] message`
 * (/work/shared/reference/github-actions.md, "Runner hosts"). Only the tail of each file is read
 * (they roll at 8 MB), newest files first, and reading stops when the signal aborts.
 */
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";

export interface DiagEntry {
  readonly file: string;
  readonly at: number;
  readonly level: "ERR" | "CRIT";
  readonly component: string;
  readonly message: string;
  /** The line as shown: `Runner_….log 2026-05-04T03:02:12Z ERR MessageListener: message`. */
  readonly text: string;
}

const LINE = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})Z (ERR|CRIT)\s*([^\]]*)\]\s?(.*)$/;
const TAIL_BYTES = 1024 * 1024;
const MAX_FILES = 8;

/** ERR/CRIT lines of one log's text, oldest first. */
export function parseDiagText(text: string, file: string, since = 0): DiagEntry[] {
  const found: DiagEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = LINE.exec(raw);
    if (match === null) continue;
    const at = Date.parse(`${(match[1] ?? "").replace(" ", "T")}Z`);
    if (at < since) continue;
    const level = match[2] === "CRIT" ? "CRIT" : "ERR";
    const component = (match[3] ?? "").trim();
    const message = match[4] ?? "";
    found.push({ file, at, level, component, message, text: `${file} ${new Date(at).toISOString().replace(".000Z", "Z")} ${level} ${component}: ${message}` });
  }
  return found;
}

async function tail(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString("utf8");
    return start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    await handle.close();
  }
}

/** ERR/CRIT lines of the newest Runner_/Worker_ logs in `diagDir` changed since `since`, oldest first. */
export async function readDiagDir(diagDir: string, since: number, signal?: AbortSignal): Promise<DiagEntry[]> {
  const names = (await readdir(diagDir)).filter((name) => /^(?:Runner|Worker)_.*\.log$/.test(name));
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(diagDir, name))).mtimeMs })));
  const recent = dated
    .filter((entry) => entry.mtime >= since)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, MAX_FILES);
  const found: DiagEntry[] = [];
  for (const { name } of recent) {
    signal?.throwIfAborted();
    found.push(...parseDiagText(await tail(join(diagDir, name)), name, since));
  }
  return found.sort((a, b) => a.at - b.at);
}
