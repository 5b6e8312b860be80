/** Builds the emulator's state from a scenario: ids assigned once, runs and jobs made consistent. */
import { assignedRunner, hostedRunner, isSelfHosted } from "./assignment.js";
import { defaultLog, resolveJobRunsOn, settle, startRun, type Engine } from "./engine.js";
import type { Scenario, ScenarioRunJob } from "./scenario-schema.js";
import { IdSequence, type AssignedRunner, type EmulatorState, type JobState, type LabelState, type RuleState } from "./state.js";

/** Labels GitHub adds itself when a runner registers (type read-only). */
const DEFAULT_LABELS = new Set(["self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"]);
const MINUTE = 60_000;

function durationMs(text: string): number {
  const value = Number(text.slice(0, -1));
  const unit = text.slice(-1);
  return value * (unit === "h" ? 3_600_000 : unit === "m" ? MINUTE : 1000);
}

function emptyState(scenario: Scenario, ids: IdSequence, now: number): EmulatorState {
  const otherRepos = new Map<string, number>();
  const repoId = ids.take("repo");
  for (const group of scenario.runner_groups) {
    for (const name of group.repositories) if (name !== scenario.repository && !otherRepos.has(name)) otherRepos.set(name, ids.take("repo"));
  }
  return {
    org: { login: scenario.org, id: 9_919_000 + (repoId % 1000) },
    repo: { name: scenario.repository, id: repoId, defaultBranch: scenario.default_branch, private: scenario.private },
    otherRepos,
    groups: new Map(),
    runners: new Map(),
    workflows: new Map(),
    runs: new Map(),
    jobs: new Map(),
    deployments: new Map(),
    statuses: new Map(),
    environments: new Map(),
    branches: new Map(),
    commits: new Map(),
    tokens: new Map(),
    app:
      scenario.app === undefined
        ? undefined
        : {
            id: scenario.app.id,
            slug: scenario.app.slug,
            installationId: scenario.app.installation_id,
            publicKey: scenario.app.public_key,
            permissions: scenario.app.permissions,
          },
    rateLimit: { limit: scenario.rate_limit.limit },
    createdAt: now,
  };
}

function seedRunners(engine: Engine, scenario: Scenario): void {
  const { state, ids } = engine;
  state.groups.set(1, {
    id: 1,
    name: "Default",
    visibility: "all",
    default: true,
    repositories: [],
    restrictedToWorkflows: false,
    selectedWorkflows: [],
    allowsPublicRepositories: true,
  });
  for (const group of scenario.runner_groups) {
    const id = ids.take("group", group.id);
    state.groups.set(id, {
      id,
      name: group.name,
      visibility: group.visibility,
      default: false,
      repositories: [...group.repositories],
      restrictedToWorkflows: group.restricted_to_workflows,
      selectedWorkflows: [...group.selected_workflows],
      allowsPublicRepositories: group.allows_public_repositories,
    });
  }
  const groupIds = new Map([...state.groups.values()].map((group) => [group.name, group.id]));
  const labelIds = new Map<string, number>();
  for (const runner of scenario.runners) {
    const labels: LabelState[] = runner.labels.map((name) => {
      const key = name.toLowerCase();
      const id = labelIds.get(key) ?? ids.take("label");
      labelIds.set(key, id);
      return { id, name, type: DEFAULT_LABELS.has(key) ? "read-only" : "custom" };
    });
    const id = ids.take("runner", runner.id);
    state.runners.set(id, {
      id,
      name: runner.name,
      scope: runner.scope,
      groupId: runner.scope === "repo" ? 1 : (groupIds.get(runner.group ?? "Default") ?? 1),
      labels,
      status: runner.status,
      busy: runner.busy,
      version: runner.version,
      os: runner.os,
      ephemeral: runner.ephemeral,
    });
  }
}

function assigned(engine: Engine, name: string, job: JobState): AssignedRunner {
  const runner = [...engine.state.runners.values()].find((r) => r.name === name);
  if (runner === undefined || !isSelfHosted(job.runsOn)) return hostedRunner(job, name);
  return assignedRunner(engine, runner);
}

function applyJob(engine: Engine, job: JobState, wanted: ScenarioRunJob, runCreated: number): void {
  const now = engine.now();
  const created = wanted.queued_for === undefined ? runCreated : now - durationMs(wanted.queued_for);
  job.createdAt = created;
  job.status = wanted.status;
  // A job listed after its needs: its runs-on may read their outputs, as it would have when it was queued.
  const run = engine.state.runs.get(job.runId);
  if (run !== undefined && job.status !== "pending" && job.def.needs.length > 0) resolveJobRunsOn(engine, run, job);
  job.conclusion = wanted.conclusion ?? null;
  if (wanted.runner !== undefined) job.runner = assigned(engine, wanted.runner, job);
  const started = job.status === "in_progress" || job.status === "completed";
  job.startedAt = started && wanted.conclusion !== "skipped" ? Math.min(now, created + MINUTE) : null;
  job.completedAt = job.status === "completed" ? Math.min(now, (job.startedAt ?? created) + 2 * MINUTE) : null;
  job.annotations = wanted.annotations.map((a) => ({ level: a.level, message: a.message, title: a.title, path: a.path, line: a.line }));
  job.outputs = { ...(job.conclusion === "success" ? job.def.outputs : {}), ...(wanted.outputs ?? {}) };
  job.log = wanted.no_log || !started || job.runner === null ? null : (wanted.log ?? defaultLog(job));
  if (job.status === "in_progress" && job.runner !== null) {
    const runner = engine.state.runners.get(job.runner.id);
    if (runner !== undefined) runner.busy = true;
  }
}

function seedRuns(engine: Engine, scenario: Scenario): void {
  const workflows = new Map<string, number>();
  for (const workflow of scenario.workflows) {
    const id = engine.ids.take("workflow", workflow.id);
    workflows.set(workflow.file, id);
    engine.state.workflows.set(id, {
      id,
      name: workflow.name,
      path: `.github/workflows/${workflow.file}`,
      state: workflow.state,
      jobs: workflow.jobs.map((job) => ({
        name: job.name,
        ...(job.display_name === undefined ? {} : { displayName: job.display_name }),
        needs: job.needs,
        runsOn: job.runs_on,
        group: job.group,
        outputs: job.outputs,
        steps: job.steps,
        if: job.if,
        environment: job.environment,
        concurrency:
          job.concurrency === undefined
            ? undefined
            : { group: job.concurrency.group, cancelInProgress: job.concurrency.cancel_in_progress, queue: job.concurrency.queue },
      })),
      createdAt: engine.state.createdAt - 30 * 24 * 60 * MINUTE,
    });
  }
  scenario.runs.forEach((spec, index) => {
    const workflow = engine.state.workflows.get(workflows.get(spec.workflow) ?? -1);
    if (workflow === undefined) return;
    const createdAt = spec.created_at === undefined ? engine.now() - (scenario.runs.length - index) * 10 * MINUTE : Date.parse(spec.created_at);
    const run = startRun(
      engine,
      workflow,
      {
        event: spec.event,
        branch: spec.branch ?? scenario.default_branch,
        actor: spec.actor,
        createdAt,
        ...(spec.sha === undefined ? {} : { sha: spec.sha }),
        ...(spec.title === undefined ? {} : { title: spec.title }),
        ...(spec.id === undefined ? {} : { id: spec.id }),
      },
      false,
    );
    for (const job of engine.state.jobs.values()) {
      if (job.runId !== run.id) continue;
      job.createdAt = createdAt;
      const wanted = spec.jobs[job.def.name];
      if (wanted !== undefined) applyJob(engine, job, wanted, createdAt);
    }
    settle(engine, run);
  });
}

function seedRepository(engine: Engine, scenario: Scenario): void {
  const { state, ids } = engine;
  for (const env of scenario.environments) {
    state.environments.set(env.name, {
      id: ids.take("environment"),
      name: env.name,
      waitTimer: env.wait_timer,
      reviewers: env.reviewers,
      preventSelfReview: env.prevent_self_review,
      branchPolicy: env.deployment_branch_policy,
      createdAt: state.createdAt - 7 * 24 * 60 * MINUTE,
    });
  }
  const rulesets = new Map<string, number>();
  for (const branch of scenario.branches) {
    const rules: RuleState[] = branch.rules.map((rule) => {
      const rulesetId = rulesets.get(rule.ruleset) ?? ids.take("ruleset");
      rulesets.set(rule.ruleset, rulesetId);
      const parameters =
        rule.type === "pull_request"
          ? {
              required_approving_review_count: rule.required_approving_review_count ?? 1,
              dismiss_stale_reviews_on_push: false,
              require_code_owner_review: false,
              require_last_push_approval: false,
              required_review_thread_resolution: false,
              allowed_merge_methods: ["merge", "squash", "rebase"],
            }
          : rule.type === "required_status_checks"
            ? { required_status_checks: (rule.contexts ?? []).map((context) => ({ context })), strict_required_status_checks_policy: false }
            : rule.type === "update"
              ? { update_allows_fetch_and_merge: false }
              : undefined;
      return { type: rule.type, rulesetId, source: rule.source, parameters };
    });
    const p = branch.protection;
    state.branches.set(branch.name, {
      name: branch.name,
      rules,
      protection:
        p === undefined
          ? undefined
          : {
              reviews: p.required_approving_review_count,
              checks: p.required_status_checks,
              enforceAdmins: p.enforce_admins,
              linearHistory: p.required_linear_history,
              forcePushes: p.allow_force_pushes,
              deletions: p.allow_deletions,
            },
    });
  }
  if (!state.branches.has(scenario.default_branch))
    state.branches.set(scenario.default_branch, { name: scenario.default_branch, rules: [], protection: undefined });
  for (const commit of scenario.commits) {
    state.commits.set(commit.sha, {
      sha: commit.sha,
      message: commit.message,
      author: commit.author,
      parents: [...commit.parents],
      pullRequests: commit.pull_requests.map((pr) => ({ ...pr })),
    });
  }
  for (const token of scenario.tokens)
    state.tokens.set(token.token, { value: token.token, kind: "token", permissions: token.permissions, expiresAt: undefined });
}

/** The engine over a fresh state seeded from `scenario`. */
export function seedEngine(scenario: Scenario, now: () => number = Date.now): Engine {
  const ids = new IdSequence();
  const engine: Engine = { state: emptyState(scenario, ids, now()), ids, now };
  seedRunners(engine, scenario);
  // Environments before runs: a seeded job waiting on one is held by its reviewers.
  seedRepository(engine, scenario);
  seedRuns(engine, scenario);
  return engine;
}
