/**
 * The guard registry and its runner: every guard, concurrently, each under the caller's signal; a
 * guard that throws (GitHub unreachable, permission missing) is an `error` — could not tell, so
 * refused. Order here is the order shown.
 */
import { errorText } from "../../checks/format.js";
import { branchGuard } from "./branch.js";
import { changeTicketGuard } from "./change-ticket.js";
import { environmentApprovalGuard } from "./environment-approval.js";
import { eventGuard } from "./event.js";
import { protectedBranchGuard } from "./protected-branch.js";
import { runnerGroupGuard } from "./runner-group.js";
import type { Guard, GuardContext, GuardResult, GuardStatus } from "./types.js";

export * from "./types.js";

export const GUARDS: readonly Guard[] = [eventGuard, branchGuard, protectedBranchGuard, environmentApprovalGuard, changeTicketGuard, runnerGroupGuard];

/** `refuse` if any guard refused; else `error` if any could not tell; else `pass`. */
export type GuardsVerdict = "pass" | "refuse" | "error";

export function guardsVerdict(results: readonly { readonly status: GuardStatus }[]): GuardsVerdict {
  if (results.some((r) => r.status === "refuse")) return "refuse";
  if (results.some((r) => r.status === "error")) return "error";
  return "pass";
}

export async function runGuards(ctx: GuardContext, signal: AbortSignal, guards: readonly Guard[] = GUARDS): Promise<GuardResult[]> {
  return Promise.all(
    guards.map(async (guard): Promise<GuardResult> => {
      const started = performance.now();
      const base = { id: guard.id, title: guard.title };
      try {
        const verdict = await guard.check(ctx, signal);
        return { ...base, ...verdict, durationMs: Math.round(performance.now() - started) };
      } catch (e: unknown) {
        return {
          ...base,
          status: "error",
          reason: `could not tell: ${errorText(e)}`,
          remedy: "check that GitHub is reachable and the token may read what this guard needs (docs/github.md), then re-run",
          durationMs: Math.round(performance.now() - started),
        };
      }
    }),
  );
}
