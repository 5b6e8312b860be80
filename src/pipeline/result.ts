/** How a deploy ends: the outcome, its class, its exit code and one line saying why. */
import type { FailureClass } from "../diagnose/signatures.js";
import type { DeployOutcome } from "../store/types.js";
import { classifyFailure, type Failure, type FailureVerdict } from "./outcome.js";

export interface Ending {
  readonly outcome: DeployOutcome;
  readonly failureClass: FailureClass | null;
  readonly failover: boolean;
  readonly reason: string;
  readonly signature: FailureVerdict["signature"];
  readonly exitCode: 0 | 1 | 3;
  /** The GitHub deployment's final state. */
  readonly deploymentState: "success" | "failure" | "error";
}

export function success(reason: string): Ending {
  return { outcome: "success", failureClass: null, failover: false, reason, signature: null, exitCode: 0, deploymentState: "success" };
}

export function skipped(reason: string): Ending {
  return { outcome: "skipped", failureClass: null, failover: false, reason, signature: null, exitCode: 0, deploymentState: "success" };
}

/** Stopped before production was touched: a guard said no, or could not tell (exit 3). */
export function refused(reason: string, undecided: boolean, failureClass: FailureClass | null = "guard"): Ending {
  return {
    outcome: "refused",
    failureClass,
    failover: false,
    reason,
    signature: null,
    exitCode: undecided ? 3 : 1,
    deploymentState: undecided ? "error" : "failure",
  };
}

/** runwarden itself was stopped (a signal, the lock lost): nothing can be concluded. */
export function aborted(reason: string, verdict?: FailureVerdict): Ending {
  return {
    outcome: "aborted",
    failureClass: verdict?.failureClass ?? null,
    failover: verdict?.failover ?? false,
    reason,
    signature: verdict?.signature ?? null,
    exitCode: 3,
    deploymentState: "error",
  };
}

/** A failure classified by the diagnose signatures; `undecided`: a gate could not measure (exit 3). */
export function failed(failure: Failure, reason: string, undecided = false): Ending {
  const verdict = classifyFailure(failure);
  return {
    outcome: "failure",
    failureClass: verdict.failureClass,
    failover: verdict.failover,
    reason: `${reason} — ${verdict.summary}`,
    signature: verdict.signature,
    exitCode: undecided ? 3 : 1,
    deploymentState: undecided ? "error" : "failure",
  };
}

/** A refusal whose class the signatures decide (a failed preflight check: `guard`). */
export function refusedBy(failure: Failure, reason: string, undecided: boolean): Ending {
  const verdict = classifyFailure(failure);
  return { ...refused(`${reason} — ${verdict.summary}`, undecided, verdict.failureClass), failover: verdict.failover, signature: verdict.signature };
}
