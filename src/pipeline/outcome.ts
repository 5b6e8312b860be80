/**
 * A failed deploy's class, from the diagnose signatures (one implementation: the same classifier
 * `runwarden diagnose --classify` runs on a job GitHub recorded). The pipeline describes what it saw
 * the way the Actions runner would have recorded it — the command's masked output as the log, the
 * runner's own annotation for a non-zero exit, runwarden's gate and preflight annotations — and
 * the classifier decides the class and whether a failover may follow (docs/adr/0007).
 */
import { classifyJob, type Classification, type JobFacts } from "../diagnose/classify.js";
import type { FailureClass } from "../diagnose/signatures.js";
import type { DeployOutcome } from "../store/types.js";
import type { ExecResult } from "./executor.js";

export type { DeployOutcome };

/** Where the deploy stopped, as evidence for the classifier. */
export type Failure =
  | { readonly kind: "command"; readonly exec: ExecResult; readonly output: string }
  | { readonly kind: "gates"; readonly message: string; readonly output: string }
  | { readonly kind: "preflight"; readonly message: string };

export interface FailureVerdict {
  readonly failureClass: FailureClass;
  readonly failover: boolean;
  /** The deciding signature's id, title and remediation, when one matched. */
  readonly signature: { readonly id: string; readonly title: string; readonly remediation: string; readonly evidence: string } | null;
  readonly summary: string;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

/** The exit code the runner reports for a step ended by a signal (128 + its number). */
function exitCodeOf(exec: ExecResult): number {
  if (exec.exitCode !== null) return exec.exitCode;
  return 128 + (exec.signal === null ? 0 : (SIGNAL_NUMBERS[exec.signal] ?? 0));
}

/** What the runner and runwarden would have recorded about this failure. */
export function failureFacts(failure: Failure): JobFacts {
  const base = { status: "completed", started: true, runner: undefined } as const;
  switch (failure.kind) {
    case "command": {
      const { exec } = failure;
      const stopped = exec.stopped;
      const notes =
        stopped === undefined
          ? ""
          : `\nrunwarden deploy: ${stopped.detail}; the command was stopped${stopped.killed ? " (SIGKILL after the grace period)" : ""}\n`;
      const conclusion = stopped?.reason === "timeout" ? "timed_out" : stopped?.reason === "interrupted" ? "cancelled" : "failure";
      return {
        ...base,
        conclusion,
        annotations: [{ message: `Process completed with exit code ${exitCodeOf(exec)}.`, title: null }],
        log: failure.output + notes,
      };
    }
    case "gates":
      return { ...base, conclusion: "failure", annotations: [{ message: failure.message, title: "runwarden gate" }], log: failure.output };
    case "preflight":
      return { ...base, conclusion: "failure", annotations: [{ message: failure.message, title: "runwarden preflight" }], log: "" };
  }
}

export function classifyFailure(failure: Failure): FailureVerdict {
  const result: Classification = classifyJob(failureFacts(failure));
  const failureClass: FailureClass = result.class === "none" ? "unknown" : result.class;
  const signature = result.signature;
  return {
    failureClass,
    failover: result.failover,
    signature: signature === null ? null : { id: signature.id, title: signature.title, remediation: signature.remediation, evidence: signature.evidence },
    summary: result.summary,
  };
}
