/** `runwarden watchdog`: recover deploy jobs stuck in the queue, or on a runner that died mid-job, by re-running their route job. */
import { setTimeout as delay } from "node:timers/promises";
import type { LoadedConfig } from "../../../config/load.js";
import type { WatchdogConfig } from "../../../config/schema/route.js";
import type { GithubClient } from "../../../github/client.js";
import type { RepoRef } from "../../../github/api/runners.js";
import { InputError } from "../../../model/errors.js";
import { environmentOf } from "../../../config/environments.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import type { AuditSubject, WatchdogEvent } from "../../../audit/events.js";
import type { Outcome } from "../../../route/watchdog-execute.js";
import type { RunPlan } from "../../../route/watchdog-plan.js";
import { openLeases } from "../../../route/watchdog-leases.js";
import { parseWorkflowRef } from "../../../route/workflow-ref.js";
import { recordActing, subjectFromEnv } from "../../audit-acting.js";
import { withInterrupt } from "../../interrupt.js";
import { connect, loadFor, usageOf } from "../../session.js";
import { watchdogReport, type WatchedWorkflow } from "./render.js";

export interface WatchdogOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly once: boolean;
  readonly dryRun: boolean;
}

interface Target {
  readonly file: string;
  readonly environments: string[];
  readonly rules: WatchdogConfig;
}

/** The deploy workflows to watch: `route.workflow` of each (selected) environment, once per file. */
function targets(loaded: LoadedConfig, repo: RepoRef, wanted: string | undefined): Target[] {
  const names = wanted === undefined ? Object.keys(loaded.config.environments) : [wanted];
  const found = new Map<string, Target>();
  for (const name of names) {
    const environment = environmentOf(loaded, name);
    const workflow = environment.route.workflow;
    if (workflow === undefined) continue;
    const repository = `${repo.owner}/${repo.repo}`;
    const parsed = parseWorkflowRef(workflow, repository);
    if (parsed === undefined) {
      throw new InputError("RW_WATCHDOG_WORKFLOW", `environments.${name}.route.workflow is not a workflow file: '${workflow}'`, [], {
        hint: "use a path like .github/workflows/deploy.yml",
      });
    }
    if (parsed.repository !== repository.toLowerCase()) {
      throw new InputError("RW_WATCHDOG_WORKFLOW", `environments.${name}.route.workflow names another repository (${parsed.repository})`, [], {
        hint: `the watchdog watches ${repository}; use a path like .github/workflows/deploy.yml`,
      });
    }
    const file = parsed.path.slice(parsed.path.lastIndexOf("/") + 1);
    const target = found.get(file);
    if (target === undefined) found.set(file, { file, environments: [name], rules: environment.route.watchdog });
    else target.environments.push(name);
  }
  if (found.size === 0) {
    throw new InputError(
      "RW_WATCHDOG_NO_WORKFLOW",
      `no ${wanted === undefined ? "environment" : `environment '${wanted}'`} in ${loaded.file} names its deploy workflow`,
      [],
      {
        hint: "set environments.<name>.route.workflow: .github/workflows/deploy.yml (the watchdog runs in its own workflow, so it cannot guess)",
      },
    );
  }
  return [...found.values()];
}

interface LookContext {
  readonly options: WatchdogOptions;
  readonly io: Io;
  readonly loaded: LoadedConfig;
  readonly client: GithubClient;
  readonly repo: RepoRef;
  readonly acted: Set<string>;
  readonly signal?: AbortSignal;
}

/** A re-route or a cancel the watchdog did, as the audit chain records it (docs/audit.md); nothing when it left the run alone. */
function watchdogEvent(plan: Extract<RunPlan, { action: "reroute" }>, outcome: Outcome, subject: AuditSubject): WatchdogEvent | undefined {
  if (outcome.result !== "rerouted" && !outcome.cancelled) return undefined;
  return {
    type: outcome.result === "rerouted" ? "watchdog.reroute" : "watchdog.cancel",
    ...subject,
    target_run_id: plan.run_id,
    from_group: null,
    to_group: null,
    reason: `${plan.reason}; ${outcome.detail}`,
    queued_ms: Math.max(0, ...plan.stuck.map((job) => job.queued_ms ?? job.waited_ms)),
  };
}

async function lookOnce(look: LookContext, list: readonly Target[]): Promise<ExitCode> {
  const { options, io, client, repo, acted, signal } = look;
  const { observeRuns, observeRunners } = await import("../../../route/watchdog-observe.js");
  const { planWatchdog } = await import("../../../route/watchdog-plan.js");
  const { executeReroute } = await import("../../../route/watchdog-execute.js");
  const call = signal === undefined ? {} : { signal };
  const workflows: WatchedWorkflow[] = [];
  const outcomes: Outcome[] = [];
  for (const target of list) {
    const runs = await observeRuns(client, repo, target.file, call);
    const runners = await observeRunners(client, repo, runs, call);
    const rules = {
      queueTimeoutMs: target.rules.queue_timeout,
      orphanGraceMs: target.rules.orphan_grace,
      routeJob: target.rules.route_job,
      deployJobs: target.rules.deploy_jobs,
      maxReroutes: target.rules.max_reroutes,
    };
    const plan = planWatchdog(runs, rules, io.now(), runners);
    workflows.push({
      workflow: target.file,
      environments: target.environments,
      queue_timeout_ms: target.rules.queue_timeout,
      watched_runs: plan.watched_runs,
      plans: plan.plans,
      notes: plan.notes,
    });
    if (options.dryRun) continue;
    const todo = plan.plans.filter((runPlan) => runPlan.action === "reroute" && !acted.has(`${runPlan.run_id}#${runPlan.attempt}`));
    if (todo.length === 0) continue;
    // The store is opened only for a job that had started: its deploy may hold the environment lock.
    const started = todo.some((runPlan) => runPlan.stuck.some((job) => job.state === "in_progress"));
    const leases = started ? await openLeases(look.loaded.config.store, target.environments, { baseDir: look.loaded.dir, env: io.env }) : undefined;
    const events: WatchdogEvent[] = [];
    try {
      for (const runPlan of todo) {
        if (runPlan.action !== "reroute") continue;
        acted.add(`${runPlan.run_id}#${runPlan.attempt}`);
        const outcome = await executeReroute(
          {
            client,
            repo,
            sleep: (ms, s) => delay(ms, undefined, s === undefined ? undefined : { signal: s }),
            now: () => io.now(),
            pollMs: 2_000,
            cancelTimeoutMs: target.rules.cancel_timeout,
            runners: () => observeRunners(client, repo, runs, call),
            ...(leases === undefined ? {} : { leases: leases.watch }),
            ...(signal === undefined ? {} : { signal }),
          },
          runPlan,
        );
        outcomes.push(outcome);
        // The environment is known when the workflow deploys one; a workflow shared by several
        // does not say which one a run deploys to before its deploy job has started.
        const environment = target.environments.length === 1 ? target.environments[0] : undefined;
        const event = watchdogEvent(runPlan, outcome, subjectFromEnv(io.env, environment));
        if (event !== undefined) events.push(event);
      }
    } finally {
      await leases?.close();
      // What was done is recorded even when a later reroute failed.
      await recordActing(look.loaded, io, events);
    }
  }
  const data = { dry_run: options.dryRun, at: new Date(io.now()).toISOString(), workflows, outcomes, github: usageOf(client) };
  return emitReport(io, watchdogReport(data), { json: options.json });
}

export async function watchdog(options: WatchdogOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  const session = await connect(loaded, options.config, io);
  const list = targets(loaded, session.repo, options.environment);
  const acted = new Set<string>();
  const look = { options, io, loaded, client: session.client, repo: session.repo, acted };
  if (options.once) return lookOnce(look, list);
  const interval = Math.min(...list.map((target) => target.rules.interval));
  return withInterrupt(async ({ signal }) => {
    let last: ExitCode = EXIT.ok;
    while (!signal.aborted) {
      last = await lookOnce({ ...look, signal }, list);
      try {
        await delay(interval, undefined, { signal });
      } catch (e: unknown) {
        if (!signal.aborted) throw e;
      }
    }
    return last;
  });
}
