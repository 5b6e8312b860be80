/**
 * Failure signatures: how a failed deploy job looks when its cause was the runner, the
 * infrastructure around it, the targets, the application, a guard — as data. Each entry says what it
 * matches (annotation or log text, or the job's and runner's state) and what to do about it.
 * `classify.ts` decides from them whether a failover may follow (runner and infrastructure only).
 * Texts are GitHub's own (actions/runner, GitHub's job annotations) and Ansible's.
 */

export const FAILURE_CLASSES = ["runner", "infrastructure", "target", "application", "guard", "unknown"] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export type JobConclusion = "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

/** Conditions on the job's and its runner's state; all given ones must hold. */
export interface StateMatcher {
  readonly conclusion?: readonly JobConclusion[];
  /** The job never got a runner (it was cancelled or failed while queued). */
  readonly neverStarted?: boolean;
  /** GitHub has no log for the job (the runner died before uploading it). */
  readonly noLog?: boolean;
  /** The runner that had the job is offline now (`offline-busy`: and still marked busy: it died mid-job). */
  readonly runner?: "offline" | "offline-busy";
}

/** One way to recognise a signature; a signature matches when any of its matchers does. */
export type Matcher = { readonly annotation: RegExp } | { readonly log: RegExp } | { readonly state: StateMatcher };

export interface FailureSignature {
  readonly id: string;
  readonly class: FailureClass;
  readonly title: string;
  /**
   * `specific`: recognises its cause. `generic`: a symptom of many causes (a step's exit code),
   * considered only when no specific signature matched.
   */
  readonly strength: "specific" | "generic";
  readonly matchers: readonly Matcher[];
  readonly remediation: string;
}

export const SIGNATURES: readonly FailureSignature[] = [
  {
    id: "runner-lost-communication",
    class: "runner",
    title: "the runner lost communication with GitHub",
    strength: "specific",
    matchers: [{ annotation: /The self-hosted runner(?:: \S.*?)? lost communication with the server/i }],
    remediation: "the runner host died, hung or lost its network: check the host (uptime, dmesg, OOM kills) and the runner's _diag/Runner_*.log; the job's log is often gone",
  },
  {
    id: "runner-shutdown-signal",
    class: "runner",
    title: "the runner service was stopped",
    strength: "specific",
    matchers: [{ annotation: /The runner has received a shutdown signal/i }],
    remediation: "something stopped the runner service mid-job (a deploy, an update, systemd): check `journalctl -u 'actions.runner.*'` on the runner host",
  },
  {
    id: "runner-os-shutdown",
    class: "runner",
    title: "the runner's machine shut down",
    strength: "specific",
    matchers: [{ annotation: /Operating system is shutting down for computer/i }],
    remediation: "the runner host rebooted or powered off during the job: check the host's shutdown reason and any maintenance automation",
  },
  {
    id: "runner-not-acquired",
    class: "runner",
    title: "no runner acquired the job",
    strength: "specific",
    matchers: [{ annotation: /The job was not acquired by Runner of type self-hosted even after multiple attempts/i }],
    remediation: "the runners of the group did not pick the job up: check their listener (`_diag/Runner_*.log`: 'Runner connect error') and the autoscaler",
  },
  {
    id: "runner-none-online",
    class: "runner",
    title: "no runner was online for the job",
    strength: "specific",
    matchers: [{ annotation: /there were no enabled runners online to process the request/i }],
    remediation: "the job waited for a runner until GitHub gave up: no online runner carried its labels in its group; run `runwarden fleet`",
  },
  {
    id: "runner-disk-full",
    class: "runner",
    title: "the runner ran out of disk space",
    strength: "specific",
    matchers: [{ annotation: /You are running out of disk space\. The runner will stop working/i }],
    remediation: "free disk space on the runner host (the _work folder, docker images, logs) and add a disk check to preflight",
  },
  {
    id: "runner-no-space-left",
    class: "runner",
    title: "the runner's disk is full",
    strength: "specific",
    matchers: [{ log: /No space left on device|\bENOSPC\b/ }],
    remediation: "a write on the runner failed for lack of space (a failed task on a target is reported as an Ansible failure instead): free disk space on the runner host and add a disk check to preflight",
  },
  {
    id: "deploy-interrupted",
    class: "runner",
    title: "the deploy was stopped by a signal mid-command",
    strength: "specific",
    matchers: [{ log: /^runwarden deploy: interrupted by SIG(?:INT|TERM|HUP)\b/m }],
    remediation: "runwarden deploy received SIGINT/SIGTERM while the command ran: the runner service stopping or its host shutting down (a cancelled run is recognised by GitHub's cancellation annotation, which decides first)",
  },
  {
    id: "runner-died-mid-job",
    class: "runner",
    title: "the job's runner is offline and still marked busy",
    strength: "specific",
    matchers: [{ state: { conclusion: ["failure", "cancelled", "timed_out"], runner: "offline-busy" } }],
    remediation: "the runner died in the middle of the job: check the host, then remove or restart the runner",
  },
  {
    id: "runner-offline-after-failure",
    class: "runner",
    title: "the job failed and its runner is offline",
    strength: "specific",
    matchers: [{ state: { conclusion: ["failure"], runner: "offline" } }],
    remediation: "the runner that ran the job is offline now: check the runner service and the host",
  },
  {
    id: "job-never-started",
    class: "infrastructure",
    title: "the job ended without ever getting a runner",
    strength: "specific",
    matchers: [{ state: { conclusion: ["failure", "timed_out"], neverStarted: true } }],
    remediation: "the job ended while still queued: the runner group had no usable runner; run `runwarden fleet` and `runwarden route`",
  },
  {
    id: "github-internal-error",
    class: "infrastructure",
    title: "GitHub Actions failed internally",
    strength: "specific",
    matchers: [{ annotation: /(?:GitHub Actions has encountered an internal error|An internal error occurred|Internal server error occurred while)/i }],
    remediation: "GitHub's side failed: check https://www.githubstatus.com and retry",
  },
  {
    id: "runner-log-missing",
    class: "runner",
    title: "the job failed and GitHub has no log for it",
    strength: "generic",
    matchers: [{ state: { conclusion: ["failure"], noLog: true } }],
    remediation: "a job without a log usually means the runner died before uploading it: check the runner host",
  },
  {
    id: "ansible-task-failed",
    class: "application",
    title: "an Ansible task failed",
    strength: "specific",
    matchers: [{ annotation: /fatal: \[[^\]]+\]: FAILED!/ }, { log: /fatal: \[[^\]]+\]: FAILED!/ }, { log: /PLAY RECAP[\s\S]*?\bfailed=[1-9]/ }],
    remediation: "the deploy itself failed (a task in the playbook): read the task's error in the log and fix forward; another runner would fail the same way",
  },
  {
    id: "ansible-host-unreachable",
    class: "target",
    title: "Ansible could not reach a target host",
    strength: "specific",
    matchers: [{ annotation: /fatal: \[[^\]]+\]: UNREACHABLE!/ }, { log: /fatal: \[[^\]]+\]: UNREACHABLE!/ }],
    remediation: "a target host was unreachable over SSH: check the host, its address in the inventory and the network path; `runwarden preflight` checks reachability first",
  },
  {
    id: "runwarden-gate-failed",
    class: "application",
    title: "a health gate failed after the deploy",
    strength: "specific",
    matchers: [{ annotation: /^runwarden gate\b/i }, { log: /::error title=runwarden gate::/ }],
    remediation: "production did not become healthy after the deploy: read the gate's measurements and fix forward",
  },
  {
    id: "runwarden-preflight-failed",
    class: "guard",
    title: "a preflight check failed",
    strength: "specific",
    matchers: [{ annotation: /^runwarden preflight\b/i }, { log: /::error title=runwarden preflight::/ }],
    remediation: "a preflight check stopped the deploy before it touched production: its message says what to fix",
  },
  {
    id: "job-timeout",
    class: "unknown",
    title: "the job ran past its time limit",
    strength: "specific",
    matchers: [{ annotation: /has exceeded the maximum execution time/i }, { state: { conclusion: ["timed_out"], neverStarted: false } }],
    remediation: "a step hung until timeout-minutes: read the log to see which; a hang is not a runner failure runwarden can prove",
  },
  {
    id: "concurrency-superseded",
    class: "guard",
    title: "a newer run for the same concurrency group replaced it",
    strength: "specific",
    matchers: [{ annotation: /Canceling since a higher priority waiting request for .* exists/i }],
    remediation: "nothing failed: a newer deploy took its place",
  },
  {
    id: "cancelled-by-user",
    class: "guard",
    title: "someone cancelled the run",
    strength: "specific",
    matchers: [{ annotation: /The run was canceled by @/i }],
    remediation: "a person (or automation with their token) cancelled the run: ask them, then re-run if needed",
  },
  {
    id: "operation-canceled",
    class: "guard",
    title: "a step was cancelled",
    strength: "generic",
    matchers: [{ annotation: /^The operation was canceled\.?$/i }],
    remediation: "the step was stopped by a cancellation: see who or what cancelled the run",
  },
  {
    id: "step-failed",
    class: "application",
    title: "a step's command failed",
    strength: "generic",
    matchers: [{ annotation: /Process completed with exit code [1-9]\d*/i }],
    remediation: "a command in the job exited non-zero: read its output in the log",
  },
];
