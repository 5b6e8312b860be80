/**
 * What a deploy notes for the audit chain as it goes (docs/audit.md): guard refusals, the environment
 * lock's acquisition, takeover and loss, gate verdicts. The notes are written with the attempt's
 * `deploy.attempt` entry, in the transaction of its outcome (src/cli/audit-writer.ts), with the
 * attempt's who/what/where added there.
 */
import type { GuardRefusalEvent, LockEvent } from "../audit/events.js";
import type { AcquireResult, LockHolder } from "../store/types.js";
import type { GuardResult } from "./guards/types.js";

function holderName(holder: LockHolder): string {
  return `run ${holder.owner.runId} attempt ${holder.owner.attempt} on ${holder.owner.runner === "" ? "an unnamed runner" : holder.owner.runner}`;
}

/** A guard that refused, or could not tell (which refuses too: fail closed). */
export function guardRefusals(results: readonly GuardResult[]): GuardRefusalEvent[] {
  return results
    .filter((r) => r.status === "refuse" || r.status === "error")
    .map((r) => ({
      type: "guard.refusal",
      guard: r.id,
      reason: r.status === "error" ? `could not tell: ${r.reason}` : r.reason,
      duration_ms: Math.round(r.durationMs),
    }));
}

/** The lock acquired — or taken over from a holder whose lease had expired. */
export function lockAcquired(lock: string, result: Extract<AcquireResult, { status: "acquired" }>, ttlMs: number): LockEvent {
  const { lease, tookOverFrom } = result;
  return {
    type: tookOverFrom === undefined ? "lock.acquired" : "lock.takeover",
    lock,
    holder: holderName(lease.holder),
    fencing_token: lease.fence.token,
    ttl_ms: ttlMs,
    duration_ms: Math.round(result.waitedMs),
    ...(tookOverFrom === undefined ? {} : { previous_holder: holderName(tookOverFrom), previous_fencing_token: tookOverFrom.token }),
  };
}

/** This deploy's lease expired under it (another holder may have the lock now). */
export function lockExpired(lock: string, holder: LockHolder, ttlMs: number): LockEvent {
  return { type: "lock.expired", lock, holder: holderName(holder), fencing_token: holder.token, ttl_ms: ttlMs };
}
