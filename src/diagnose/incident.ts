/**
 * `runwarden diagnose` as one call: every collector at once under the budget, then the verdict.
 * Collectors share the organization's runner listing (read once). Nothing here prints; the command
 * renders the result, and `bundleFiles` turns it into the bundle's files.
 */
import { listRunners, type RepoRef } from "../github/api/runners.js";
import type { GithubClient } from "../github/client.js";
import type { Runner } from "../github/schemas.js";
import type { LoadedConfig } from "../config/load.js";
import { environmentOf } from "../config/environments.js";
import { loadEnvironment, type EnvironmentSetup } from "../preflight/environment.js";
import { resolveWorkflow } from "../route/workflow-ref.js";
import { runCollectors, type Collected, type CollectorContext, type Missing } from "./budget.js";
import { collectFleet, type FleetFindings } from "./collect-fleet.js";
import { collectHistory, type HistoryFindings } from "./collect-history.js";
import { collectHost, type HostFindings } from "./collect-host.js";
import { addRunnerStates, collectRuns, type RunsFindings } from "./collect-runs.js";
import { collectMonitoring, collectTargets, type MonitoringFindings, type TargetsFindings } from "./collect-targets.js";
import { buildVerdict, type Cause, type Verdict } from "./report.js";
import { detectStateSignals } from "./state-signals.js";

export interface IncidentRequest {
  readonly loaded: LoadedConfig;
  readonly environment: string;
  readonly runId: number | undefined;
  readonly job: string | undefined;
  readonly sinceMs: number;
  readonly budgetMs: number;
  /** undefined: GitHub could not be connected (the reason is in `githubUnavailable`). */
  readonly github: { readonly client: GithubClient; readonly repo: RepoRef } | undefined;
  readonly githubUnavailable?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

export interface IncidentReport {
  readonly environment: string;
  readonly at: string;
  readonly since: string;
  readonly budget_ms: number;
  readonly causes: readonly Cause[];
  readonly failover: boolean;
  readonly decided: { readonly run_id: number; readonly job: string; readonly job_id: number; readonly class: string; readonly summary: string } | null;
  readonly collected: readonly Collected[];
  readonly missing: readonly Missing[];
  /** The budget ran out (or Ctrl-C) before every source answered. */
  readonly cut: boolean;
  /** The runs and jobs on GitHub — the main source — could not be read. */
  readonly main_source_missing: boolean;
  readonly runs: RunsFindings | null;
  readonly fleet: FleetFindings | null;
  readonly host: HostFindings | null;
  readonly targets: TargetsFindings | null;
  readonly monitoring: MonitoringFindings | null;
  readonly history: HistoryFindings | null;
}

function workflowFile(loaded: LoadedConfig, environment: string, repository: string, env: IncidentRequest["env"]): string | undefined {
  const ref = resolveWorkflow(environmentOf(loaded, environment).route.workflow, repository, env);
  return ref === undefined ? undefined : ref.path.slice(ref.path.lastIndexOf("/") + 1);
}

export async function diagnoseIncident(request: IncidentRequest): Promise<IncidentReport> {
  const { loaded, environment, github, env, now } = request;
  const config = environmentOf(loaded, environment);
  const found: {
    runs?: RunsFindings;
    fleet?: FleetFindings;
    host?: HostFindings;
    targets?: TargetsFindings;
    monitoring?: MonitoringFindings;
    history?: HistoryFindings;
  } = {};
  let setup: EnvironmentSetup | undefined;
  let runnersRead: Promise<readonly Runner[] | undefined> | undefined;
  const orgRunners = (ctx: CollectorContext) => () => {
    if (github === undefined) return Promise.resolve(undefined);
    runnersRead ??= ctx.track(
      `fleet: GET /orgs/${github.repo.owner}/actions/runners`,
      (signal) => listRunners(github.client, { kind: "org", org: github.repo.owner }, { signal }),
      (list) => list.length,
    );
    return runnersRead;
  };
  const started = now();
  const githubCollectors =
    github === undefined
      ? []
      : [
          {
            name: "runs",
            async run(ctx: CollectorContext) {
              const repository = `${github.repo.owner}/${github.repo.repo}`;
              const query = {
                workflow: workflowFile(loaded, environment, repository, env),
                runId: request.runId,
                job: request.job,
                sinceMs: request.sinceMs,
                deployJobs: config.route.watchdog.deploy_jobs,
              };
              if (query.workflow === undefined && query.runId === undefined) {
                ctx.skip("runs", `environments.${environment}.route.workflow is not set and no --run was given: which workflow deploys?`);
                return;
              }
              const runs = await collectRuns(ctx, github.client, github.repo, query, started);
              if (runs === undefined) return;
              found.runs = runs;
              if (runs.jobs.some((job) => job.facts !== undefined && job.runner_id !== null)) {
                const runners = await orgRunners(ctx)();
                if (runners !== undefined) addRunnerStates(runs, runners);
              }
            },
          },
          {
            name: "fleet",
            async run(ctx: CollectorContext) {
              const repository = `${github.repo.owner}/${github.repo.repo}`;
              const workflow = resolveWorkflow(config.route.workflow, repository, env);
              const fleet = await collectFleet(
                ctx,
                github.client,
                github.repo,
                { environment, groups: config.runner_groups, workflow, minRunnerVersion: loaded.config.github.min_runner_version },
                orgRunners(ctx),
              );
              if (fleet !== undefined) found.fleet = fleet;
            },
          },
        ];
  const result = await runCollectors(
    [
      ...githubCollectors,
      {
        name: "host",
        async run(ctx) {
          const host = await collectHost(ctx, env, github?.client, now, request.sinceMs);
          if (host !== undefined) found.host = host;
        },
      },
      {
        name: "targets",
        async run(ctx) {
          setup = loadEnvironment(loaded, environment);
          const inventorySetup = setup;
          const [targets, monitoring] = await Promise.all([
            collectTargets(ctx, inventorySetup, env),
            collectMonitoring(ctx, inventorySetup, env, loaded.config.monitoring.timeout),
          ]);
          found.targets = targets;
          if (monitoring !== undefined) found.monitoring = monitoring;
        },
      },
      {
        name: "history",
        async run(ctx) {
          const history = await collectHistory(ctx, loaded, environment, env);
          if (history !== undefined) found.history = history;
        },
      },
    ],
    request.budgetMs,
    now,
    request.signal,
  );
  const missing = github === undefined ? [{ source: "runs", reason: request.githubUnavailable ?? "GitHub not connected" }, ...result.missing] : result.missing;
  const jobs = found.runs?.jobs ?? [];
  const primaries = (found.fleet?.view.groups ?? [])
    .filter((group) => group.name === config.runner_groups[0]?.name)
    .map((group) => ({ environment, group: group.github_group ?? group.name, online: group.counts.online, offline: group.counts.offline }));
  const states = detectStateSignals({
    primaries,
    orphaned: found.fleet?.orphaned ?? [],
    queued: jobs
      .filter((job) => job.status === "queued" && job.queued_ms !== null)
      .map((job) => ({ run_id: job.run_id, job: job.name, queued_ms: job.queued_ms ?? 0 })),
    queueTimeoutMs: config.route.watchdog.queue_timeout,
    loopbackHosts: found.targets?.loopback ?? [],
    versionSkew: found.targets?.versions?.skew ?? [],
  });
  const verdict: Verdict = buildVerdict(jobs, found.host?.diag ?? [], states, found.host === undefined ? undefined : `${found.host.root}/_diag`);
  const decided = verdict.decided;
  return {
    environment,
    at: new Date(now()).toISOString(),
    since: new Date(started - request.sinceMs).toISOString(),
    budget_ms: request.budgetMs,
    causes: verdict.causes,
    failover: verdict.failover,
    decided:
      decided === null
        ? null
        : { run_id: decided.run_id, job: decided.job, job_id: decided.job_id, class: decided.classification.class, summary: decided.classification.summary },
    collected: result.collected,
    missing,
    cut: result.cut,
    main_source_missing: found.runs === undefined,
    runs: found.runs ?? null,
    fleet: found.fleet ?? null,
    host: found.host ?? null,
    targets: found.targets ?? null,
    monitoring: found.monitoring ?? null,
    history: found.history ?? null,
  };
}
