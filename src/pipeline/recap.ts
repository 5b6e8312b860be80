/**
 * Ansible's PLAY RECAP as data: one row per host with its task counts. Ansible prints one recap per
 * `ansible-playbook` run, after the last play:
 *
 *     PLAY RECAP *********************************************************
 *     web-01    : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
 *
 * Colour codes (ANSIBLE_FORCE_COLOR) are ignored. When the command ran several playbooks, the
 * counts of each host are added up, in the order hosts first appear.
 */

export const RECAP_COUNTS = ["ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored"] as const;
export type RecapCount = (typeof RECAP_COUNTS)[number];

/** `failed`: a task failed on the host; `unreachable`: Ansible could not reach it; else `ok`. */
export type HostStatus = "ok" | "failed" | "unreachable";

export type HostRecap = { readonly host: string; readonly status: HostStatus } & Readonly<Record<RecapCount, number>>;

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const HEADER = /^PLAY RECAP \**\s*$/;
const ROW = /^(\S(?:.*\S)?)\s+:\s+((?:[a-z]+=\d+\s*)+)$/;

function statusOf(counts: Readonly<Record<RecapCount, number>>): HostStatus {
  if (counts.unreachable > 0) return "unreachable";
  if (counts.failed > 0) return "failed";
  return "ok";
}

/** Every host of every PLAY RECAP in `output`; empty when Ansible printed none. */
export function parseRecap(output: string): HostRecap[] {
  const totals = new Map<string, Record<RecapCount, number>>();
  let inRecap = false;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(ANSI, "").trimEnd();
    if (HEADER.test(line)) {
      inRecap = true;
      continue;
    }
    if (!inRecap) continue;
    const row = ROW.exec(line);
    if (row === null) {
      // The recap ends at the first line that is neither a host row nor blank.
      if (line.trim() !== "") inRecap = false;
      continue;
    }
    const host = row[1] ?? "";
    const counts = totals.get(host) ?? { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
    for (const pair of (row[2] ?? "").trim().split(/\s+/)) {
      const [name, value] = pair.split("=");
      if ((RECAP_COUNTS as readonly string[]).includes(name ?? "")) counts[name as RecapCount] += Number(value);
    }
    totals.set(host, counts);
  }
  return [...totals].map(([host, counts]) => ({ host, status: statusOf(counts), ...counts }));
}

/** Whether the command looks like an Ansible playbook run (its recap is worth parsing and showing). */
export function runsAnsible(command: string): boolean {
  return /(?:^|[\s;&|/(])ansible-playbook(?:\s|$)/.test(command);
}
