/**
 * The shape of a failure signature: a class, how it is recognised (annotation, log, the runner
 * host's `_diag` lines, the job's and runner's state, or several of these at once) and what to do.
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
export type Matcher =
  | { readonly annotation: RegExp }
  | { readonly log: RegExp }
  /** An ERR/CRIT line of the runner host's `_diag/Runner_*.log` or `Worker_*.log`. */
  | { readonly diag: RegExp }
  | { readonly state: StateMatcher }
  /** Every one of these. */
  | { readonly all: readonly Matcher[] };

export interface FailureSignature {
  readonly id: string;
  readonly class: FailureClass;
  readonly title: string;
  /**
   * `specific`: recognises its cause. `generic`: a symptom of many causes (a step's exit code, a
   * missing log), ranked after every specific match. Only a specific runner or infrastructure
   * signature can decide a failover; no generic signature has one of those classes.
   */
  readonly strength: "specific" | "generic";
  readonly matchers: readonly Matcher[];
  /** The signature does not match when one of these does (e.g. runwarden itself stopped the command). */
  readonly unless?: readonly Matcher[];
  readonly remediation: string;
}
