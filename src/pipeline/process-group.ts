/**
 * A process group's members, signalled and waited for. On Linux, members are read from /proc, so a
 * zombie (dead, waiting for its new parent to reap it) does not count as running; elsewhere
 * `kill(-pgid, 0)` answers (zombies included).
 */
import { readdirSync, readFileSync } from "node:fs";
import { errorCode } from "../model/system-errors.js";

const POLL_MS = 25;

/** State and process group of `pid` from /proc/PID/stat, or undefined when it is gone. */
function procStat(pid: string): { readonly state: string; readonly pgrp: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses; it ends at the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", pgrp: Number(fields[2]) };
}

function hasProc(): boolean {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}

const PROC = hasProc();

/** Running (non-zombie) members of group `pgid`. */
export function groupMembers(pgid: number): number[] {
  if (!PROC) return groupSignalable(pgid) ? [pgid] : [];
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") members.push(Number(entry));
  }
  return members;
}

function groupSignalable(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e: unknown) {
    return errorCode(e) === "EPERM";
  }
}

/** Whether any process of group `pgid` still runs. */
export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** Whether process `pid` still runs (a zombie does not). */
export function processAlive(pid: number): boolean {
  if (!PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  const stat = procStat(String(pid));
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (e: unknown) {
    if (errorCode(e) !== "ESRCH") throw e;
  }
}

/** Resolves true once group `pgid` has no running member, or false after `ms`. */
function groupGone(pgid: number, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  return new Promise((resolve) => {
    const poll = (): void => {
      if (!groupAlive(pgid)) resolve(true);
      else if (performance.now() >= until) resolve(false);
      else setTimeout(poll, POLL_MS);
    };
    poll();
  });
}

/** SIGTERM to the group, SIGKILL after the grace period if anything still runs. Returns whether SIGKILL was sent. */
export async function stopGroup(pgid: number, graceMs: number): Promise<boolean> {
  if (!groupAlive(pgid)) return false;
  signalGroup(pgid, "SIGTERM");
  if (await groupGone(pgid, graceMs)) return false;
  signalGroup(pgid, "SIGKILL");
  await groupGone(pgid, Math.max(graceMs, 1000));
  return true;
}
