/**
 * The runner host's own logs: ERR and CRIT lines of `_diag/Runner_*.log` (the listener) and
 * `_diag/Worker_*.log` (one per job), line format `[YYYY-MM-DD HH:MM:SSZ ERR  Component] message`
 * (/work/shared/reference/github-actions.md, "Runner hosts"). Only the tail of each file is read
 * (they roll at 8 MB), newest files first, and reading stops when the signal aborts.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseDiagLine, tailDiagFile } from "../checks/runner-diag.js";

export interface DiagEntry {
  readonly file: string;
  readonly at: number;
  readonly level: "ERR" | "CRIT";
  readonly component: string;
  readonly message: string;
  /** The line as shown: `Runner_….log 2026-05-04T03:02:12Z ERR MessageListener: message`. */
  readonly text: string;
}

const TAIL_BYTES = 1024 * 1024;
const MAX_FILES = 8;

/** ERR/CRIT lines of one log's text, oldest first. */
export function parseDiagText(text: string, file: string, since = 0): DiagEntry[] {
  const found: DiagEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = parseDiagLine(raw);
    if (line === undefined) continue;
    const at = line.at.getTime();
    if (at < since) continue;
    const { level, component, message } = line;
    found.push({ file, at, level, component, message, text: `${file} ${new Date(at).toISOString().replace(".000Z", "Z")} ${level} ${component}: ${message}` });
  }
  return found;
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
    found.push(...parseDiagText((await tailDiagFile(join(diagDir, name), TAIL_BYTES)).text, name, since));
  }
  return found.sort((a, b) => a.at - b.at);
}
