/**
 * The lint worker (a worker thread; its own entry point in the CLI bundle, dist/lint-worker.js):
 * prepares once with the main thread's setup, then lints the batches of files it is sent and
 * answers each with the outcomes, in order. See parallel.ts.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { lintTarget, prepareLint, type FileOutcome, type LintSetup } from "./context.js";
import type { Target } from "./discover.js";

export interface WorkerRequest {
  readonly batch: number;
  readonly targets: readonly Target[];
}

export type WorkerReply = { readonly batch: number; readonly outcomes: readonly FileOutcome[] } | { readonly batch: number; readonly error: string };

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const prepared = prepareLint(workerData as LintSetup);
  port.on("message", (request: WorkerRequest) => {
    try {
      port.postMessage({ batch: request.batch, outcomes: request.targets.map((target) => lintTarget(target, prepared)) } satisfies WorkerReply);
    } catch (err: unknown) {
      port.postMessage({
        batch: request.batch,
        error: err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ""}` : String(err),
      } satisfies WorkerReply);
    }
  });
}
