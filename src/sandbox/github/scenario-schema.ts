/**
 * The scenario file that seeds the GitHub emulator (docs/sandbox.md): one organization, one
 * repository, runner groups, runners, workflows, runs with their jobs, environments, branches,
 * tokens. Cross-references (a runner's group, a run's workflow, a job's runner) are checked here so
 * every mistake is reported at its file:line:col.
 */
import { z } from "zod";

const name = (what: string) => z.string().regex(/^[A-Za-z0-9._-]+$/, { error: `not a ${what} name (letters, digits, . _ -)` });
const label = z.string().min(1).max(100);
const timestamp = z.iso.datetime({ offset: true });
const permissionLevel = z.enum(["read", "write"]);

export const PERMISSION_NAMES = [
  "actions",
  "administration",
  "checks",
  "contents",
  "deployments",
  "metadata",
  "organization_self_hosted_runners",
  "pull_requests",
] as const;

const permissionsSchema = z.partialRecord(z.enum(PERMISSION_NAMES), permissionLevel).describe("Fine-grained permissions; omitted: every permission.");

const runnerGroupSchema = z.strictObject({
  name: z.string().min(1).max(100),
  id: z.int().min(2).optional(),
  visibility: z.enum(["all", "selected", "private"]).default("all"),
  repositories: z.array(name("repository")).default([]).describe("Repositories allowed when visibility is selected."),
  restricted_to_workflows: z.boolean().default(false),
  selected_workflows: z.array(z.string().min(1)).default([]),
  allows_public_repositories: z.boolean().default(false),
});

const runnerSchema = z.strictObject({
  name: z.string().min(1).max(100),
  id: z.int().min(1).optional(),
  scope: z.enum(["org", "repo"]).default("org").describe("org: registered to the organization; repo: to the repository."),
  group: z.string().min(1).optional().describe("Runner group (org runners); default: Default."),
  labels: z.array(label).min(1),
  status: z.enum(["online", "offline"]).default("online"),
  busy: z.boolean().default(false),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { error: "not a runner version such as 2.330.0" })
    .default("2.330.0"),
  os: z.string().default("Linux"),
  ephemeral: z.boolean().default(false),
});

const annotationSchema = z.strictObject({
  level: z.enum(["notice", "warning", "failure"]).default("failure"),
  message: z.string().min(1),
  title: z.string().optional(),
  path: z.string().default(".github"),
  line: z.int().min(1).default(1),
});

const jobDefSchema = z.strictObject({
  name: name("job"),
  display_name: z.string().min(1).optional().describe("The name GitHub lists, when not the job id (`deploy / route` for a job of a called reusable workflow)."),
  needs: z.array(name("job")).default([]),
  runs_on: z.array(label).min(1).describe("runs-on labels; an item may be `${{ fromJSON(needs.<job>.outputs.<name>) }}`."),
  group: z.string().min(1).optional().describe("runs-on group; may be `${{ needs.<job>.outputs.<name> }}`."),
  if: z.string().min(1).optional().describe("The job's if: condition (the expression subset of docs/sandbox.md)."),
  outputs: z.record(z.string(), z.string()).default({}),
  steps: z.array(z.string().min(1)).default(["Set up job", "Run", "Complete job"]),
  environment: z
    .union([
      z
        .string()
        .min(1)
        .transform((name) => ({ name, deployment: true })),
      z.strictObject({ name: z.string().min(1), deployment: z.boolean().default(true) }),
    ])
    .optional()
    .describe("The job's environment: its required reviewers hold the job (`waiting`); `deployment: false` creates no deployment object."),
  concurrency: z
    .strictObject({
      group: z.string().min(1),
      cancel_in_progress: z.boolean().default(false),
      queue: z.enum(["single", "max"]).default("single"),
    })
    .optional()
    .describe("The job's concurrency group: one running and one pending job (`queue: max`: up to 100 pending, in order)."),
});

const workflowSchema = z.strictObject({
  file: z.string().regex(/^[A-Za-z0-9._-]+\.ya?ml$/, { error: "not a workflow file name such as deploy.yml" }),
  id: z.int().min(1).optional(),
  name: z.string().min(1),
  state: z.enum(["active", "disabled_manually"]).default("active"),
  jobs: z.array(jobDefSchema).min(1),
});

const jobStatusSchema = z.enum(["queued", "in_progress", "completed", "pending", "waiting"]);
const conclusionSchema = z.enum(["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"]);

const runJobSchema = z.strictObject({
  status: jobStatusSchema,
  conclusion: conclusionSchema.optional(),
  runner: z.string().min(1).optional().describe("Runner that took the job (a scenario runner, or any name for GitHub-hosted)."),
  outputs: z.record(z.string(), z.string()).optional(),
  annotations: z.array(annotationSchema).default([]),
  log: z.string().optional().describe("The job's log; omitted: a log is generated, unless the job never started."),
  no_log: z.boolean().default(false).describe("GitHub has no log for this job (the runner died before uploading it)."),
  queued_for: z
    .string()
    .regex(/^\d+[smh]$/)
    .optional()
    .describe("How long ago the job was queued, e.g. 25m."),
});

const runSchema = z.strictObject({
  id: z.int().min(1).optional(),
  workflow: z.string().min(1).describe("Workflow file name."),
  event: z.string().default("push"),
  branch: z.string().min(1).optional(),
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/, { error: "not a 40-character commit sha" })
    .optional(),
  actor: z.string().default("octocat"),
  title: z.string().optional(),
  created_at: timestamp.optional(),
  jobs: z.record(z.string(), runJobSchema).default({}),
});

const environmentSchema = z.strictObject({
  name: z.string().min(1).max(255),
  wait_timer: z.int().min(0).max(43200).optional(),
  reviewers: z.array(z.string().min(1)).max(6).default([]),
  prevent_self_review: z.boolean().default(false),
  deployment_branch_policy: z.enum(["none", "protected", "custom"]).default("none"),
});

const ruleSchema = z.strictObject({
  type: z.enum([
    "creation",
    "update",
    "deletion",
    "required_linear_history",
    "required_signatures",
    "non_fast_forward",
    "pull_request",
    "required_status_checks",
  ]),
  ruleset: z.string().default("default"),
  source: z.enum(["Repository", "Organization"]).default("Repository"),
  required_approving_review_count: z.int().min(0).max(10).optional(),
  contexts: z.array(z.string().min(1)).optional(),
});

const branchSchema = z.strictObject({
  name: z.string().min(1),
  protection: z
    .strictObject({
      required_approving_review_count: z.int().min(0).max(6).default(1),
      required_status_checks: z.array(z.string().min(1)).default([]),
      enforce_admins: z.boolean().default(false),
      required_linear_history: z.boolean().default(false),
      allow_force_pushes: z.boolean().default(false),
      allow_deletions: z.boolean().default(false),
    })
    .optional(),
  rules: z.array(ruleSchema).default([]),
});

const pullRequestSchema = z.strictObject({
  number: z.int().min(1),
  title: z.string().min(1),
  state: z.enum(["open", "closed"]).default("closed"),
  merged: z.boolean().default(true).describe("Closed by merging (ignored when open)."),
  author: z.string().default("octocat"),
});

const commitSchema = z
  .strictObject({
    sha: z.string().regex(/^[0-9a-f]{40}$/, { error: "not a 40-character commit sha" }),
    message: z.string().min(1).describe("The full commit message (first line: the title)."),
    author: z.string().default("octocat"),
    parents: z
      .array(z.string().regex(/^[0-9a-f]{40}$/, { error: "not a 40-character commit sha" }))
      .default([])
      .describe("Parent commits (what compare walks)."),
    pull_requests: z.array(pullRequestSchema).default([]).describe("Pull requests associated with the commit."),
  })
  .describe("A commit GitHub knows: its message and the pull requests associated with it (what deploy guards read).");

const tokenSchema = z.strictObject({
  token: z.string().min(8),
  permissions: permissionsSchema.optional(),
});

const appSchema = z.strictObject({
  id: z.int().min(1),
  slug: z.string().default("runwarden"),
  installation_id: z.int().min(1),
  public_key: z.string().includes("PUBLIC KEY", { error: "not a PEM public key" }),
  permissions: permissionsSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  org: name("organization"),
  repository: name("repository"),
  default_branch: z.string().default("main"),
  private: z.boolean().default(true),
  runner_groups: z.array(runnerGroupSchema).default([]),
  runners: z.array(runnerSchema).default([]),
  workflows: z.array(workflowSchema).default([]),
  runs: z.array(runSchema).default([]),
  environments: z.array(environmentSchema).default([]),
  branches: z.array(branchSchema).default([]),
  commits: z.array(commitSchema).default([]),
  tokens: z.array(tokenSchema).default([]),
  app: appSchema.optional(),
  rate_limit: z.strictObject({ limit: z.int().min(1).default(5000) }).prefault({}),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioRunner = Scenario["runners"][number];
export type ScenarioRun = Scenario["runs"][number];
export type ScenarioJobDef = Scenario["workflows"][number]["jobs"][number];
export type ScenarioRunJob = ScenarioRun["jobs"][string];
export type ScenarioPermissions = z.output<typeof permissionsSchema>;
