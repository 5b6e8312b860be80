/**
 * Schemas of the fields runwarden reads from GitHub — only those, so unrelated API changes pass,
 * and a missing or mistyped field runwarden relies on is named at the boundary (validate.ts).
 * Output types are runwarden's view of GitHub objects.
 */
import { z } from "zod";

const id = z.number().int().nonnegative();
const timestamp = z.string().min(1);

export const runnerSchema = z.object({
  id,
  name: z.string(),
  os: z.string(),
  status: z.enum(["online", "offline"]),
  busy: z.boolean(),
  labels: z.array(z.object({ name: z.string(), type: z.enum(["read-only", "custom"]).optional() })),
  runner_group_id: id.optional(),
  ephemeral: z.boolean().optional(),
  version: z.string().nullable().optional(),
});
export type Runner = z.output<typeof runnerSchema>;

export const runnerGroupSchema = z.object({
  id,
  name: z.string(),
  visibility: z.string(),
  default: z.boolean(),
  inherited: z.boolean(),
  allows_public_repositories: z.boolean(),
  restricted_to_workflows: z.boolean().optional(),
  selected_workflows: z.array(z.string()).optional(),
});
export type RunnerGroup = z.output<typeof runnerGroupSchema>;

export const repositoryRefSchema = z.object({ id, name: z.string(), full_name: z.string() });
export type RepositoryRef = z.output<typeof repositoryRefSchema>;

export const workflowSchema = z.object({ id, name: z.string(), path: z.string(), state: z.string() });
export type Workflow = z.output<typeof workflowSchema>;

export const runStatusSchema = z.enum(["requested", "in_progress", "completed", "queued", "pending", "waiting", "action_required"]);

export const workflowRunSchema = z.object({
  id,
  name: z.string().nullable().optional(),
  workflow_id: id,
  run_number: z.number().int(),
  run_attempt: z.number().int().optional(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  path: z.string(),
  display_title: z.string(),
  html_url: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  run_started_at: timestamp.optional(),
});
export type WorkflowRun = z.output<typeof workflowRunSchema>;

export const jobStatusSchema = z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
export const jobConclusionSchema = z.enum(["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"]);

export const jobSchema = z.object({
  id,
  run_id: id,
  run_attempt: z.number().int().optional(),
  name: z.string(),
  workflow_name: z.string().nullable(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  status: jobStatusSchema,
  conclusion: jobConclusionSchema.nullable(),
  created_at: timestamp,
  started_at: timestamp,
  completed_at: timestamp.nullable(),
  labels: z.array(z.string()),
  runner_id: id.nullable(),
  runner_name: z.string().nullable(),
  runner_group_id: id.nullable(),
  runner_group_name: z.string().nullable(),
  html_url: z.string().nullable(),
  check_run_url: z.string(),
  steps: z.array(z.object({ name: z.string(), status: z.string(), conclusion: z.string().nullable(), number: z.number().int() })).optional(),
});
export type Job = z.output<typeof jobSchema>;

export const annotationSchema = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  annotation_level: z.string().nullable(),
  title: z.string().nullable(),
  message: z.string().nullable(),
  raw_details: z.string().nullable(),
});
export type Annotation = z.output<typeof annotationSchema>;

export const deploymentSchema = z.object({
  id,
  sha: z.string(),
  ref: z.string(),
  task: z.string(),
  environment: z.string(),
  description: z.string().nullable(),
  production_environment: z.boolean().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Deployment = z.output<typeof deploymentSchema>;

export const deploymentStateSchema = z.enum(["error", "failure", "inactive", "pending", "success", "queued", "in_progress"]);
export type DeploymentState = z.output<typeof deploymentStateSchema>;

export const deploymentStatusSchema = z.object({
  id,
  state: deploymentStateSchema,
  description: z.string(),
  environment: z.string().optional(),
  log_url: z.string().optional(),
  environment_url: z.string().optional(),
  created_at: timestamp,
});
export type DeploymentStatus = z.output<typeof deploymentStatusSchema>;

export const protectionRuleSchema = z.object({
  id,
  type: z.string(),
  wait_timer: z.number().int().optional(),
  prevent_self_review: z.boolean().optional(),
  reviewers: z
    .array(z.object({ type: z.string().optional(), reviewer: z.object({ login: z.string().optional(), slug: z.string().optional() }).optional() }))
    .optional(),
});

export const environmentSchema = z.object({
  id,
  name: z.string(),
  protection_rules: z.array(protectionRuleSchema).optional(),
  deployment_branch_policy: z.object({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() }).nullable().optional(),
});
export type Environment = z.output<typeof environmentSchema>;

export const branchRuleSchema = z.object({
  type: z.string(),
  ruleset_id: id.optional(),
  ruleset_source: z.string().optional(),
  ruleset_source_type: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type BranchRule = z.output<typeof branchRuleSchema>;

const enabled = z.object({ enabled: z.boolean() }).optional();

export const branchProtectionSchema = z.object({
  required_status_checks: z.object({ strict: z.boolean().optional(), contexts: z.array(z.string()) }).optional(),
  enforce_admins: enabled,
  required_pull_request_reviews: z.object({ required_approving_review_count: z.number().int().optional() }).optional(),
  required_linear_history: enabled,
  allow_force_pushes: enabled,
  allow_deletions: enabled,
});
export type BranchProtection = z.output<typeof branchProtectionSchema>;

export const rateLimitSchema = z.object({
  rate: z.object({ limit: z.number().int(), remaining: z.number().int(), reset: z.number().int(), used: z.number().int() }),
});
export type RateLimit = z.output<typeof rateLimitSchema>;

export const installationSchema = z.object({ id, app_id: id, app_slug: z.string(), target_type: z.string() });
export type Installation = z.output<typeof installationSchema>;

export const dispatchResultSchema = z.object({ workflow_run_id: id, run_url: z.string(), html_url: z.string() });
