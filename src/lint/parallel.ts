/**
 * Lints many files on every core: this thread and worker threads (worker.ts) take batches of files
 * from one queue, so a slow file holds up only its own thread. Used only where the worker's bundle exists beside the
 * running executable (`lint-worker.js` next to dist/runwarden.js) and the files are many; otherwise
 * (tests, the Action's single-file bundle, a handful of files) everything runs in this thread,
 * with the same results.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { InternalError } from "../model/errors.js";
import { lintTarget, renamed, repeatKey, reusable, type FileOutcome, type LintSetup, type PreparedLint } from "./context.js";
import type { Target } from "./discover.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

/** Fewer distinct files than this are linted in this thread: a worker takes ~0.5 s of CPU to start
 * (the bundle and GitHub's parser), as much as ~200 files take to lint. */
export const MIN_FILES_FOR_WORKERS = 200;
const BATCH = 16;
/**
 * Threads by default: one per two cores. A thread that lints keeps about one and a half cores busy
 * by itself (V8 collects garbage and compiles on threads of its own): on 2 cores, 1,000 distinct
 * workflows took 1.7 s with one thread (2.7 s of CPU) and 2.1 s with two (3.6 s of CPU).
 */
export function defaultJobs(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** Batches sent to a worker ahead, so that it never waits for this thread (busy with its own batch). */
const IN_FLIGHT = 2;

/** The worker's script beside the running executable, when it was bundled there. */
export function workerScript(argv1: string | undefined = process.argv[1]): string | undefined {
  if (argv1 === undefined) return undefined;
  const script = join(dirname(argv1), "lint-worker.js");
  return existsSync(script) ? script : undefined;
}

/**
 * Outcomes in the order of `targets`, or undefined when workers are not worth it or not available.
 * `jobs` threads in all: this thread (which has loaded the parsers already) lints batches too, beside
 * `jobs - 1` workers.
 */
export async function lintInWorkers(
  targets: readonly Target[],
  setup: LintSetup,
  prepared: PreparedLint,
  jobs = defaultJobs(),
): Promise<FileOutcome[] | undefined> {
  const script = workerScript();
  if (script === undefined || targets.length < MIN_FILES_FOR_WORKERS || jobs < 2) return undefined;
  // Repeated files are linted once (see lintTarget): only the first of each goes to a thread.
  const firstOf = new Map<string, number>();
  const sameAs: number[] = targets.map((target, i) => {
    const key = repeatKey(target, undefined, prepared);
    if (key === undefined) return i;
    const first = firstOf.get(key);
    if (first !== undefined) return first;
    firstOf.set(key, i);
    return i;
  });
  const unique = targets.filter((_, i) => sameAs[i] === i);
  const count = Math.min(jobs - 1, Math.ceil(unique.length / (BATCH * 4)));
  if (unique.length < MIN_FILES_FOR_WORKERS || count < 1) return undefined;
  const batches: Target[][] = [];
  for (let i = 0; i < unique.length; i += BATCH) batches.push(unique.slice(i, i + BATCH));
  const results: (readonly FileOutcome[] | undefined)[] = new Array(batches.length);
  let next = 0;
  let failed = false;
  // A larger young generation: parsing makes many short-lived objects, and scavenges dominate otherwise.
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  const here = async (): Promise<void> => {
    while (!failed && next < batches.length) {
      const batch = next++;
      results[batch] = (batches[batch] ?? []).map((target) => lintTarget(target, prepared));
      // Let the workers' replies in (and send them more) between two batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  try {
    const running = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let pending = 0;
          const fail = (error: Error): void => {
            failed = true;
            reject(error);
          };
          const send = (): void => {
            while (pending < IN_FLIGHT && next < batches.length) {
              const batch = next++;
              pending++;
              worker.postMessage({ batch, targets: batches[batch] ?? [] } satisfies WorkerRequest);
            }
            if (pending === 0) resolve();
          };
          worker.on("message", (reply: WorkerReply) => {
            if ("error" in reply) {
              fail(new InternalError(`lint worker failed: ${reply.error}`));
              return;
            }
            results[reply.batch] = reply.outcomes;
            pending--;
            send();
          });
          worker.on("error", fail);
          worker.on("exit", (code) => {
            if (pending > 0) fail(new InternalError(`lint worker exited (${code}) before finishing`));
          });
          send();
        }),
    );
    await Promise.all([...running, here()]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const outcomes = results.flatMap((batch) => batch ?? []);
  const byIndex = new Map<number, FileOutcome>();
  let k = 0;
  sameAs.forEach((first, i) => {
    const outcome = outcomes[k];
    if (first === i && outcome !== undefined) {
      byIndex.set(i, outcome);
      k++;
    }
  });
  return targets.map((target, i) => {
    const first = byIndex.get(sameAs[i] ?? i);
    if (first === undefined) throw new InternalError(`lint: no outcome for ${target.shown}`);
    if (sameAs[i] === i) return first;
    return reusable(first) ? renamed(first, target.shown) : lintTarget(target, prepared);
  });
}
