/**
 * The deploy pipeline's inputs and its result as data. The result's JSON form is what
 * `runwarden deploy --json` prints and what the Action exposes as outputs.
 */
import type { AuditEvent } from "../audit/events.js";
import type { FailureClass } from "../diagnose/signatures.js";
import type { GithubClient, RepoRef } from "../github/index.js";
import type { Io, Sink } from "../output/io.js";
import type { EnvironmentSetup } from "../preflight/environment.js";
import type { DeployHistory, DeployOutcome, LockBackend, LockHolder, StageRecord, StageStatus } from "../store/types.js";
import type { GuardResult } from "./guards/types.js";
import type { DeployFacts } from "./guards/types.js";
import type { HostRecap } from "./recap.js";

export type { DeployOutcome, StageRecord, StageStatus };

/** The stages, in the order they run. */
export const STAGES = ["guards", "lock", "supersede", "live-check", "deployment", "preflight", "pre-gates", "command", "gates", "status", "release"] as const;
export type StageName = (typeof STAGES)[number];

/** The workflow run a deploy belongs to (GitHub's variables, or flags). */
export interface RunFacts extends DeployFacts {
  readonly runId: string;
  readonly runAttempt: number;
  readonly actor: string;
  /** `https://github.com`, or the GHES server (`$GITHUB_SERVER_URL`). */
  readonly serverUrl: string;
  /** `owner/name` (`$GITHUB_REPOSITORY`), for the run's URL. */
  readonly repository: string | undefined;
  /** `$RUNWARDEN_RUNNER_GROUP`: the runner group the route chose, when the workflow passes it on. */
  readonly routedGroup?: string;
}

export interface DeployRequest {
  readonly setup: EnvironmentSetup;
  readonly facts: RunFacts;
  /** When the version gates already pass for this commit on every host, deploy nothing. */
  readonly skipIfLive: boolean;
  /** The masked log of the command (appended to). */
  readonly logFile: string;
  /** Lease length of the environment lock, renewed by heartbeats. */
  readonly lockTtlMs: number;
  /** How long to wait in line for the lock. */
  readonly lockTimeoutMs: number;
}

export type GithubAccess = { readonly client: GithubClient; readonly repo: RepoRef } | { readonly unavailable: string };

export interface DeployDeps {
  readonly io: Io;
  /** Where stages and the command's output are shown live (stdout, or stderr with --json). */
  readonly live: Sink;
  readonly github: GithubAccess;
  /** Writes the attempt; its recent attempts feed the supersede rule. */
  readonly history: DeployHistory;
  readonly locks: LockBackend;
  /** Ctrl-C / SIGTERM to runwarden. */
  readonly signal?: AbortSignal;
  /** Audit events as they happen (guards, lock, gates), written with the attempt's outcome (pipeline/audit-notes.ts). */
  readonly note?: (event: AuditEvent) => void;
}

export interface CommandSummary {
  /** The rendered command (masked). */
  readonly run: string;
  readonly exit_code: number | null;
  readonly signal: string | null;
  readonly duration_ms: number;
  /** `timeout` or `interrupted` when runwarden stopped it. */
  readonly stopped: "timeout" | "interrupted" | null;
  readonly killed: boolean;
  readonly log_file: string;
}

export interface DeployResult {
  readonly environment: string;
  readonly sha: string;
  readonly ref: string | null;
  readonly outcome: DeployOutcome;
  readonly failure_class: FailureClass | null;
  readonly failover: boolean;
  /** One line: why this outcome. */
  readonly reason: string;
  /** The deciding failure signature, when one matched. */
  readonly signature: { readonly id: string; readonly title: string; readonly remediation: string; readonly evidence: string } | null;
  readonly stages: readonly StageRecord[];
  /** Per-host PLAY RECAP of an Ansible command; empty otherwise. */
  readonly hosts: readonly HostRecap[];
  readonly deployment_id: number | null;
  readonly attempt_id: number | null;
  readonly guards: readonly GuardResult[];
  readonly command: CommandSummary | null;
  /** Who held the lock when waiting for it timed out. */
  readonly lock_holder: LockHolder | null;
  /** Exit code: 0 success/skipped, 1 failure/refusal, 3 could not decide. */
  readonly exit_code: 0 | 1 | 3;
}
