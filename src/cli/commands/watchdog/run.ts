/** `runwarden watchdog`: recover deploy jobs stuck in the queue by re-running their route job. */
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
import type { Outcome } from "../../../route/watchdog-execute.js";
import { parseWorkflowRef } from "../../../route/workflow-ref.js";
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
      throw new InputError("RW_WATCHDOG_WORKFLOW", `environments.${name}.route.workflow is not a workflow file: '${workflow}'`, [], { hint: "use a path like .github/workflows/deploy.yml" });
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
    throw new InputError("RW_WATCHDOG_NO_WORKFLOW", `no ${wanted === undefined ? "environment" : `environment '${wanted}'`} in ${loaded.file} names its deploy workflow`, [], {
      hint: "set environments.<name>.route.workflow: .github/workflows/deploy.yml (the watchdog runs in its own workflow, so it cannot guess)",
    });
  }
  return [...found.values()];
}

async function lookOnce(options: WatchdogOptions, io: Io, client: GithubClient, repo: RepoRef, list: readonly Target[], acted: Set<string>, signal?: AbortSignal): Promise<ExitCode> {
  const { observeRuns } = await import("../../../route/watchdog-observe.js");
  const { planWatchdog } = await import("../../../route/watchdog-plan.js");
  const { executeReroute } = await import("../../../route/watchdog-execute.js");
  const call = signal === undefined ? {} : { signal };
  const workflows: WatchedWorkflow[] = [];
  const outcomes: Outcome[] = [];
  for (const target of list) {
    const runs = await observeRuns(client, repo, target.file, call);
    const rules = { queueTimeoutMs: target.rules.queue_timeout, routeJob: target.rules.route_job, deployJobs: target.rules.deploy_jobs, maxReroutes: target.rules.max_reroutes };
    const plan = planWatchdog(runs, rules, io.now());
    workflows.push({ workflow: target.file, environments: target.environments, queue_timeout_ms: target.rules.queue_timeout, watched_runs: plan.watched_runs, plans: plan.plans });
    if (options.dryRun) continue;
    for (const runPlan of plan.plans) {
      const key = `${runPlan.run_id}#${runPlan.attempt}`;
      if (runPlan.action !== "reroute" || acted.has(key)) continue;
      acted.add(key);
      outcomes.push(
        await executeReroute(
          {
            client,
            repo,
            sleep: (ms, s) => delay(ms, undefined, s === undefined ? undefined : { signal: s }),
            now: () => io.now(),
            pollMs: 2_000,
            cancelTimeoutMs: target.rules.cancel_timeout,
            ...(signal === undefined ? {} : { signal }),
          },
          runPlan,
        ),
      );
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
  if (options.once) return lookOnce(options, io, session.client, session.repo, list, acted);
  const interval = Math.min(...list.map((target) => target.rules.interval));
  return withInterrupt(async ({ signal }) => {
    let last: ExitCode = EXIT.ok;
    while (!signal.aborted) {
      last = await lookOnce(options, io, session.client, session.repo, list, acted, signal);
      try {
        await delay(interval, undefined, { signal });
      } catch (e: unknown) {
        if (!signal.aborted) throw e;
      }
    }
    return last;
  });
}
