/**
 * State signals: causes read from the state of things rather than from one job's record — every
 * runner of the primary group offline, a runner offline but still busy (it died mid-job), a deploy
 * job queued past the watchdog's timeout, the production inventory pointing at loopback, target
 * hosts reporting different versions (or not the expected one). Pure:
 * what the collectors saw in, matches out. Documented beside the job signatures in docs/diagnose.md.
 */
import type { FailureClass } from "./signatures.js";

export interface StateSignal {
  readonly id: string;
  readonly class: FailureClass;
  readonly title: string;
  readonly confidence: number;
  readonly remediation: string;
}

export const STATE_SIGNALS: readonly StateSignal[] = [
  {
    id: "primary-all-offline",
    class: "runner",
    title: "every runner of the primary group is offline",
    confidence: 0.8,
    remediation:
      "the primary group cannot take a deploy: check the runner hosts and their service (systemctl status 'actions.runner.*', _diag/Runner_*.log); route fails over to an approved secondary meanwhile",
  },
  {
    id: "orphaned-busy-runner",
    class: "runner",
    title: "a runner is offline but still marked busy: it died mid-job",
    confidence: 0.75,
    remediation:
      "the runner host died during a job: check the host (uptime, dmesg, OOM kills); runwarden watchdog re-routes a deploy stuck on it after route.watchdog.orphan_grace; remove the runner once the host is gone",
  },
  {
    id: "deploy-queued-too-long",
    class: "runner",
    title: "a deploy job has waited in the queue past the watchdog's timeout",
    confidence: 0.7,
    remediation:
      "no runner of the routed group picks the job up (offline, busy, wrong group or labels): run `runwarden fleet`; `runwarden watchdog` re-routes it — schedule it if it is not",
  },
  {
    id: "inventory-on-loopback",
    class: "target",
    title: "production inventory hosts resolve to loopback",
    confidence: 0.6,
    remediation:
      "the inventory sends the deploy to this machine (ansible_host 127.0.0.1 or localhost): fix the hosts' addresses in the inventory the environment uses",
  },
  {
    id: "target-version-skew",
    class: "target",
    title: "the target hosts report different versions, or not the expected one",
    confidence: 0.55,
    remediation:
      "the deploy reached some hosts and not others (stopped partway, a host skipped or unreachable, a host restored from an old image): read the per-host recap (`runwarden history`), fix the cause ranked above it, then deploy again so every host serves one version; `runwarden gate` with the version gate confirms it",
  },
];

export interface StateObservations {
  /** Per configured primary group (position 0): its name and the counts route's judge made. */
  readonly primaries: readonly { readonly environment: string; readonly group: string; readonly online: number; readonly offline: number }[];
  /** Runners offline and busy. */
  readonly orphaned: readonly { readonly name: string; readonly group: string | null }[];
  /** Deploy jobs queued now, with how long. */
  readonly queued: readonly { readonly run_id: number; readonly job: string; readonly queued_ms: number }[];
  readonly queueTimeoutMs: number | undefined;
  /** Inventory hosts whose address is loopback. */
  readonly loopbackHosts: readonly { readonly host: string; readonly address: string }[];
  /** Version skew among the target hosts, one evidence line each (target-versions.ts). */
  readonly versionSkew?: readonly string[];
}

export interface StateMatch {
  readonly signal: StateSignal;
  readonly evidence: readonly string[];
}

function signal(id: string): StateSignal {
  const found = STATE_SIGNALS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no state signal ${id}`);
  return found;
}

export function detectStateSignals(seen: StateObservations): StateMatch[] {
  const matches: StateMatch[] = [];
  const dead = seen.primaries.filter((group) => group.online === 0 && group.offline > 0);
  if (dead.length > 0)
    matches.push({ signal: signal("primary-all-offline"), evidence: dead.map((g) => `${g.environment}/${g.group}: ${g.offline} runner(s), all offline`) });
  if (seen.orphaned.length > 0) {
    matches.push({
      signal: signal("orphaned-busy-runner"),
      evidence: seen.orphaned.map((r) => `${r.name}${r.group === null ? "" : ` (${r.group})`}: offline and busy`),
    });
  }
  const timeout = seen.queueTimeoutMs;
  const late = timeout === undefined ? [] : seen.queued.filter((job) => job.queued_ms > timeout);
  if (late.length > 0 && timeout !== undefined) {
    matches.push({
      signal: signal("deploy-queued-too-long"),
      evidence: late.map(
        (j) => `run ${j.run_id} ${j.job}: queued for ${Math.round(j.queued_ms / 60_000)} min (queue_timeout ${Math.round(timeout / 60_000)} min)`,
      ),
    });
  }
  if (seen.loopbackHosts.length > 0)
    matches.push({ signal: signal("inventory-on-loopback"), evidence: seen.loopbackHosts.map((h) => `${h.host}: ${h.address}`) });
  if (seen.versionSkew !== undefined && seen.versionSkew.length > 0) matches.push({ signal: signal("target-version-skew"), evidence: [...seen.versionSkew] });
  return matches;
}
