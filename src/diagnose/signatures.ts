/**
 * Failure signatures: how a failed deploy job looks when its cause was the runner, the
 * infrastructure around it, the targets, the application, a guard — as data. Each entry says what it
 * matches (annotation or log text, the runner host's `_diag` lines, or the job's and runner's state)
 * and what to do about it. `classify.ts` ranks the matches and decides whether a failover may follow
 * (a specific runner or infrastructure signature, and no application, target or guard evidence).
 * Texts are GitHub's own (actions/runner, GitHub's job annotations), Ansible's and runwarden's.
 * docs/diagnose.md documents every entry; test/fixtures/diagnose/ holds a case for each.
 */
import type { FailureSignature } from "./signature-types.js";

export { FAILURE_CLASSES, type FailureClass, type FailureSignature, type JobConclusion, type Matcher, type StateMatcher } from "./signature-types.js";

const SHUTDOWN = /The runner has received a shutdown signal/i;
/** A step ended by a signal: the runner reports 128 + the signal's number (129 … 159). */
const KILLED_EXIT = /Process completed with exit code (?:129|1[3-5]\d)\b/i;
/** A step that exited by itself with a non-zero code: any other non-zero code. */
const OWN_EXIT = /Process completed with exit code (?!(?:0|129|1[3-5]\d)\b)\d+\b/i;
/** A line of the job's log as GitHub stores it (each line after an ISO 8601 timestamp) or as the deploy saw it. */
const LINE_START = String.raw`^(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?`;
/** runwarden deploy stopped the command itself (timeout, interrupt, lost lease): its exit was not its own. */
const STOPPED_BY_RUNWARDEN = new RegExp(`${LINE_START}runwarden deploy: .*the command was stopped`, "m");

export const SIGNATURES: readonly FailureSignature[] = [
  {
    id: "runner-lost-communication",
    class: "runner",
    title: "the runner lost communication with GitHub",
    strength: "specific",
    matchers: [{ annotation: /The self-hosted runner(?:: \S.*?)? lost communication with the server/i }],
    remediation:
      "the runner host died, hung or lost its network: check the host (uptime, dmesg, OOM kills) and the runner's _diag/Runner_*.log; the job's log is often gone",
  },
  {
    id: "runner-shutdown-cancel",
    class: "runner",
    title: "the runner service was stopped and cancelled the running step",
    strength: "specific",
    matchers: [{ all: [{ annotation: SHUTDOWN }, { annotation: /^The operation was canceled\.?$/i }] }],
    remediation:
      "the runner service stopped mid-step and the step was cancelled with it (a deploy of the runner, an update, systemd stopping it): check `journalctl -u 'actions.runner.*'` for who stopped it",
  },
  {
    id: "runner-shutdown-signal",
    class: "runner",
    title: "the runner service was stopped",
    strength: "specific",
    matchers: [{ annotation: SHUTDOWN }],
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
    title: "queue timeout: no runner was online for the job for 24 hours",
    strength: "specific",
    matchers: [{ annotation: /there were no enabled runners online to process the request/i }],
    remediation:
      "the job waited for a runner until GitHub gave up (24 h): no online runner carried its labels in its group; run `runwarden fleet`, and schedule `runwarden watchdog` so a stuck deploy is re-routed long before",
  },
  {
    id: "runner-disk-full",
    class: "runner",
    title: "the runner was running out of disk space",
    strength: "specific",
    matchers: [{ annotation: /You are running out of disk space\. The runner will stop working/i }],
    remediation: "free disk space on the runner host (the _work folder, docker images, logs) and add a disk check to preflight",
  },
  {
    id: "runner-no-space-left",
    class: "runner",
    title: "the runner's disk is full",
    strength: "specific",
    matchers: [{ log: /No space left on device|\bENOSPC\b/ }, { diag: /No space left on device|\bENOSPC\b/ }],
    remediation:
      "a write on the runner failed for lack of space: free disk space on the runner host and add a disk check to preflight (a deploy step that then exited non-zero is application evidence: no failover)",
  },
  {
    id: "deploy-interrupted",
    class: "runner",
    title: "the deploy was stopped by a signal mid-command",
    strength: "specific",
    matchers: [{ log: new RegExp(`${LINE_START}runwarden deploy: interrupted by SIG(?:INT|TERM|HUP)\\b`, "m") }],
    remediation:
      "runwarden deploy received SIGINT/SIGTERM while the command ran: the runner service stopping or its host shutting down (a cancelled run is recognised by GitHub's cancellation annotation, which decides first)",
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
    id: "runner-registration-deleted",
    class: "runner",
    title: "the runner's registration was deleted",
    strength: "specific",
    matchers: [{ diag: /registration has been deleted from the server/i }],
    remediation:
      "GitHub no longer knows this runner (removed by hand, or offline for 14 days — 1 day when ephemeral): re-register it with config.sh --runnergroup … --labels …",
  },
  {
    id: "runner-session-conflict",
    class: "runner",
    title: "another process holds the runner's session",
    strength: "specific",
    matchers: [{ diag: /A session for this runner already exists/i }],
    remediation: "two runner processes use one registration (a cloned VM, a stale process): stop the duplicate, or re-register one of them under a new name",
  },
  {
    id: "runner-connect-error",
    class: "runner",
    title: "the runner could not reach GitHub",
    strength: "specific",
    matchers: [{ diag: /Runner connect error/i }],
    remediation:
      "the runner's listener could not reach GitHub (network, proxy, DNS, TLS): check the host's route to the API (`run.sh --check`), its proxy settings and DNS",
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
    id: "runner-offline-after-failure",
    class: "unknown",
    title: "the job failed and its runner is offline now",
    strength: "generic",
    matchers: [{ state: { conclusion: ["failure"], runner: "offline" } }],
    remediation:
      "ephemeral and autoscaled runners go offline after every job, so this alone says nothing: look for the runner's own messages (lost communication, shutdown) or the step that failed",
  },
  {
    id: "runner-log-missing",
    class: "unknown",
    title: "the job failed and GitHub has no log for it",
    strength: "generic",
    matchers: [{ state: { conclusion: ["failure"], noLog: true } }],
    remediation: "a job without a log usually means the runner died before uploading it (or the log expired): check the job's annotations and the runner host",
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
    id: "step-killed",
    class: "unknown",
    title: "a step was ended by a signal",
    strength: "generic",
    matchers: [{ annotation: KILLED_EXIT }],
    remediation:
      "the step's process was killed (exit code 128 + signal: 137 SIGKILL, 143 SIGTERM): by the runner stopping, the OOM killer or a timeout; look for the runner's own messages",
  },
  {
    id: "ansible-task-failed",
    class: "application",
    title: "an Ansible task failed",
    strength: "specific",
    matchers: [{ annotation: /fatal: \[[^\]]+\]: FAILED!/ }, { log: /fatal: \[[^\]]+\]: FAILED!/ }, { log: /PLAY RECAP[\s\S]*?\bfailed=[1-9]/ }],
    remediation:
      "the deploy itself failed (a task in the playbook, on a host that answered): read the task's error in the log and fix forward; another runner would fail the same way",
  },
  {
    id: "runwarden-gate-failed",
    class: "application",
    title: "a health gate failed after the deploy",
    strength: "specific",
    matchers: [{ annotation: /^runwarden gate\b/i }, { log: /::error title=runwarden gate::/ }],
    remediation: "production did not become healthy after the deploy: read the gate's measurements (the evidence names the gate) and fix forward",
  },
  {
    id: "ansible-host-unreachable",
    class: "target",
    title: "Ansible could not reach a target host",
    strength: "specific",
    matchers: [{ annotation: /fatal: \[[^\]]+\]: UNREACHABLE!/ }, { log: /fatal: \[[^\]]+\]: UNREACHABLE!/ }],
    remediation:
      "a target host was unreachable over SSH: check the host, its address in the inventory and the network path; `runwarden preflight` checks reachability first",
  },
  {
    id: "dns-failure",
    class: "target",
    title: "a name did not resolve",
    strength: "specific",
    matchers: [
      {
        log: /Could not resolve host|Temporary failure in name resolution|Name or service not known|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|the name does not resolve/i,
      },
    ],
    remediation:
      "a host name the deploy needs did not resolve from the runner: check the name in the inventory, the runner's resolver (/etc/resolv.conf) and the DNS zone; another runner on the same network would fail the same way",
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
    id: "github-auth-failed",
    class: "guard",
    title: "GitHub refused the credentials or a permission",
    strength: "specific",
    matchers: [{ log: /GitHub rejected the credentials|GitHub refused \S+ \S+: 403|Bad credentials|Resource not accessible by integration/ }],
    remediation:
      "the token was rejected (401: expired, revoked, wrong variable) or lacks a permission (403): docs/github.md lists each permission; renew the App token or the secret",
  },
  {
    id: "github-rate-limited",
    class: "guard",
    title: "GitHub's rate limit stopped the deploy",
    strength: "specific",
    matchers: [{ log: /API rate limit (?:exceeded|exhausted)|secondary rate limit/i }],
    remediation:
      "the token's rate limit ran out (GITHUB_TOKEN: 1,000 requests per hour per repository): wait for the reset, or use a GitHub App token (5,000+ per hour); a failover would use the same token",
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
    remediation: "a person (or automation with their token, such as runwarden watchdog) cancelled the run: ask them, then re-run if needed",
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
    title: "a step exited by itself with a non-zero code",
    strength: "generic",
    matchers: [{ annotation: OWN_EXIT }],
    unless: [{ log: STOPPED_BY_RUNWARDEN }],
    remediation:
      "a command in the job exited non-zero on its own: read its output in the log; a step that failed by itself is application evidence, so no failover",
  },
];
