/**
 * What the audit chain records: one typed event per production action runwarden takes.
 * Field names are snake_case, as in every `--json` output; durations are whole milliseconds.
 * Every event carries the same who/what/where fields (`AuditSubject`), all optional because not
 * every command knows all of them (a watchdog acting from `serve` has no runner, for instance).
 */
import type { HostRecap } from "../store/types.js";

/** Who, what, where: the GitHub run context of an action. */
export interface AuditSubject {
  /** GitHub login that triggered the run (`GITHUB_ACTOR`), or the service's name. */
  readonly actor?: string;
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  readonly repository?: string;
  /** Commit being deployed (`GITHUB_SHA`). */
  readonly sha?: string;
  /** Git ref (`GITHUB_REF`). */
  readonly ref?: string;
  /** runwarden environment (the GitHub environment name). */
  readonly environment?: string;
  /** Workflow run id and attempt (`GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`). */
  readonly run_id?: number;
  readonly run_attempt?: number;
  /** Workflow file and ref (`GITHUB_WORKFLOW_REF`). */
  readonly workflow?: string;
  /** Runner name (`RUNNER_NAME`) and the runwarden runner group it belongs to. */
  readonly runner?: string;
  readonly runner_group?: string;
  /** How long the recorded action took, when it has a duration. */
  readonly duration_ms?: number;
}

/** One runner group `route` looked at. */
export interface RouteCandidate {
  readonly name: string;
  readonly github_group: string | null;
  readonly healthy: boolean;
  /** Allowed to take the deploy (the primary, or an approved failover group). */
  readonly eligible: boolean;
  readonly reasons: readonly string[];
}

export interface RouteDecisionEvent extends AuditSubject {
  readonly type: "route.decision";
  readonly considered: readonly RouteCandidate[];
  /** The group chosen, or null when none was healthy (the deploy fails fast). */
  readonly chosen: string | null;
  readonly failover: boolean;
  readonly drill: boolean;
  readonly reasons: readonly string[];
}

export type StageOutcome = "ok" | "failed" | "refused" | "timeout" | "cancelled" | "skipped";

export interface DeployStage {
  /** guards, lock, deployment, execute, gates, … */
  readonly name: string;
  readonly outcome: StageOutcome;
  readonly duration_ms: number;
  readonly detail?: string;
}

/** One host's line of the Ansible PLAY RECAP: the store's own record. */
export type { HostRecap };

export interface DeployAttemptEvent extends AuditSubject {
  readonly type: "deploy.attempt";
  readonly outcome: "succeeded" | "failed" | "refused" | "cancelled";
  readonly stages: readonly DeployStage[];
  /** The failure class (`diagnose`), null when the attempt succeeded or was not classified. */
  readonly failure_class: string | null;
  readonly hosts: readonly HostRecap[];
  /** GitHub Deployment id, when one was created. */
  readonly deployment_id?: number;
}

export interface GuardRefusalEvent extends AuditSubject {
  readonly type: "guard.refusal";
  /** Which guard refused (e.g. `branch`, `freeze`, `approval`). */
  readonly guard: string;
  readonly reason: string;
}

/** The environment lock: a lease with a fencing token. */
export interface LockEvent extends AuditSubject {
  readonly type: "lock.acquired" | "lock.takeover" | "lock.expired";
  /** The lock's name (usually the environment). */
  readonly lock: string;
  /** Who holds it after this event (for `lock.expired`: who held it). */
  readonly holder: string;
  readonly fencing_token: number;
  readonly ttl_ms: number;
  /** The holder it was taken over from. */
  readonly previous_holder?: string;
  readonly previous_fencing_token?: number;
}

export interface WatchdogEvent extends AuditSubject {
  readonly type: "watchdog.reroute" | "watchdog.cancel";
  /** The queued run acted on (`run_id` in the subject is the watchdog's own run, if any). */
  readonly target_run_id: number;
  /** The runner group the stuck job waited for or died on, when known (null: not known to the watchdog). */
  readonly from_group: string | null;
  /** Where the run was re-routed to, when known; null for a cancel, and for a re-route whose re-run route job decides anew. */
  readonly to_group: string | null;
  readonly reason: string;
  readonly queued_ms: number;
}

export interface GateProbeSummary {
  readonly name: string;
  readonly kind: string;
  readonly passes: number;
  readonly failures: number;
  readonly errors: number;
}

export interface GateVerdictEvent extends AuditSubject {
  readonly type: "gate.verdict";
  readonly gate: string;
  readonly verdict: "pass" | "fail" | "error";
  readonly reason: string | null;
  readonly probes: readonly GateProbeSummary[];
}

/** Every event the chain accepts. */
export type AuditEvent = RouteDecisionEvent | DeployAttemptEvent | GuardRefusalEvent | LockEvent | WatchdogEvent | GateVerdictEvent;

export type AuditEventType = AuditEvent["type"];

/** Every event type, in the order docs/audit.md lists them. */
export const AUDIT_EVENT_TYPES = [
  "route.decision",
  "deploy.attempt",
  "guard.refusal",
  "lock.acquired",
  "lock.takeover",
  "lock.expired",
  "watchdog.reroute",
  "watchdog.cancel",
  "gate.verdict",
] as const satisfies readonly AuditEventType[];

/** The subject fields as they sit in an event, for filters and rendering. */
export const SUBJECT_FIELDS = [
  "actor",
  "repository",
  "sha",
  "ref",
  "environment",
  "run_id",
  "run_attempt",
  "workflow",
  "runner",
  "runner_group",
  "duration_ms",
] as const satisfies readonly (keyof AuditSubject)[];
