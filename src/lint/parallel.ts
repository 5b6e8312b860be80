/**
 * Lints many files on every core: worker threads (worker.ts) take batches of files from one queue,
 * so a slow file holds up only its own worker. Used only where the worker's bundle exists beside the
 * running executable (`lint-worker.js` next to dist/runwarden.js) and the files are many; otherwise
 * (tests, the Action's single-file bundle, a handful of files) everything runs in this thread,
 * with the same results.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { InternalError } from "../model/errors.js";
import type { FileOutcome, LintSetup } from "./context.js";
import type { Target } from "./discover.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

/** Fewer files than this are linted in this thread: starting workers would cost more than it saves. */
export const MIN_FILES_FOR_WORKERS = 64;
const BATCH = 16;

/** The worker's script beside the running executable, when it was bundled there. */
export function workerScript(argv1: string | undefined = process.argv[1]): string | undefined {
  if (argv1 === undefined) return undefined;
  const script = join(dirname(argv1), "lint-worker.js");
  return existsSync(script) ? script : undefined;
}

/** Outcomes in the order of `targets`, or undefined when workers are not worth it or not available. */
export async function lintInWorkers(targets: readonly Target[], setup: LintSetup, jobs = availableParallelism()): Promise<FileOutcome[] | undefined> {
  const script = workerScript();
  const count = Math.min(jobs, Math.ceil(targets.length / (BATCH * 2)));
  if (script === undefined || targets.length < MIN_FILES_FOR_WORKERS || count < 2) return undefined;
  const batches: Target[][] = [];
  for (let i = 0; i < targets.length; i += BATCH) batches.push(targets.slice(i, i + BATCH));
  const results: (readonly FileOutcome[] | undefined)[] = new Array(batches.length);
  let next = 0;
  // A larger young generation: parsing makes many short-lived objects, and scavenges dominate otherwise.
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= batches.length) {
                resolve();
                return;
              }
              const batch = next++;
              worker.postMessage({ batch, targets: batches[batch] ?? [] } satisfies WorkerRequest);
            };
            worker.on("message", (reply: WorkerReply) => {
              if ("error" in reply) {
                reject(new InternalError(`lint worker failed: ${reply.error}`));
                return;
              }
              results[reply.batch] = reply.outcomes;
              send();
            });
            worker.on("error", reject);
            worker.on("exit", (code) => {
              if (next < batches.length || results.includes(undefined)) reject(new InternalError(`lint worker exited (${code}) before finishing`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results.flatMap((outcomes) => outcomes ?? []);
}
