/** Repository objects rendered from state: deployments and statuses, environments, rules, protection, installation, rate limit. */
import {
  iso,
  type AppState,
  type BranchState,
  type DeploymentState,
  type DeploymentStatusState,
  type EmulatorState,
  type EnvironmentState,
  type Permissions,
} from "./state.js";
import { nodeId, repoApi, repoWeb, simpleUser, type Json, type Urls } from "./render-common.js";

export function renderDeployment(urls: Urls, state: EmulatorState, deployment: DeploymentState, creator: string): { [key: string]: Json } {
  const url = `${repoApi(urls, state)}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId("Deployment", deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: JSON.parse(JSON.stringify(deployment.payload)) as Json,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: simpleUser(urls, creator),
    created_at: iso(deployment.createdAt),
    updated_at: iso(deployment.updatedAt),
    statuses_url: `${url}/statuses`,
    repository_url: repoApi(urls, state),
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
  };
}

export function renderDeploymentStatus(urls: Urls, state: EmulatorState, status: DeploymentStatusState, creator: string): { [key: string]: Json } {
  const deploymentUrl = `${repoApi(urls, state)}/deployments/${status.deploymentId}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId("DeploymentStatus", status.id),
    state: status.state,
    creator: simpleUser(urls, creator),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    log_url: status.logUrl,
    environment_url: status.environmentUrl,
    created_at: iso(status.createdAt),
    updated_at: iso(status.createdAt),
    deployment_url: deploymentUrl,
    repository_url: repoApi(urls, state),
  };
}

export function renderEnvironment(urls: Urls, state: EmulatorState, env: EnvironmentState): { [key: string]: Json } {
  const rules: Json[] = [];
  let ruleId = env.id * 10;
  if (env.waitTimer !== undefined) rules.push({ id: ++ruleId, node_id: nodeId("Gate", ruleId), type: "wait_timer", wait_timer: env.waitTimer });
  if (env.reviewers.length > 0) {
    rules.push({
      id: ++ruleId,
      node_id: nodeId("Gate", ruleId),
      type: "required_reviewers",
      prevent_self_review: env.preventSelfReview,
      reviewers: env.reviewers.map((login) => ({ type: "User", reviewer: simpleUser(urls, login) })),
    });
  }
  if (env.branchPolicy !== "none") rules.push({ id: ++ruleId, node_id: nodeId("Gate", ruleId), type: "branch_policy" });
  return {
    id: env.id,
    node_id: nodeId("Environment", env.id),
    name: env.name,
    url: `${repoApi(urls, state)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${repoWeb(urls, state)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: iso(env.createdAt),
    updated_at: iso(env.createdAt),
    protection_rules: rules,
    deployment_branch_policy:
      env.branchPolicy === "none" ? null : { protected_branches: env.branchPolicy === "protected", custom_branch_policies: env.branchPolicy === "custom" },
  };
}

export function renderBranchRules(state: EmulatorState, branch: BranchState | undefined): Json[] {
  return (branch?.rules ?? []).map((rule) => ({
    type: rule.type,
    ruleset_source_type: rule.source,
    ruleset_source: rule.source === "Repository" ? `${state.org.login}/${state.repo.name}` : state.org.login,
    ruleset_id: rule.rulesetId,
    ...(rule.parameters === undefined ? {} : { parameters: JSON.parse(JSON.stringify(rule.parameters)) as Json }),
  }));
}

export function renderProtection(urls: Urls, state: EmulatorState, branch: BranchState): { [key: string]: Json } {
  const p = branch.protection;
  const url = `${repoApi(urls, state)}/branches/${encodeURIComponent(branch.name)}/protection`;
  if (p === undefined) return { url, enabled: false };
  return {
    url,
    enabled: true,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      strict: false,
      contexts: [...p.checks],
      checks: p.checks.map((context) => ({ context, app_id: null })),
      contexts_url: `${url}/required_status_checks/contexts`,
    },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_pull_request_reviews: {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: false,
      require_code_owner_reviews: false,
      required_approving_review_count: p.reviews,
      require_last_push_approval: false,
    },
    required_linear_history: { enabled: p.linearHistory },
    allow_force_pushes: { enabled: p.forcePushes },
    allow_deletions: { enabled: p.deletions },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

export function renderRateLimit(limit: number, remaining: number, reset: number): { [key: string]: Json } {
  const core = { limit, remaining, reset, used: limit - remaining, resource: "core" };
  const other = (resource: string, size: number) => ({ limit: size, remaining: size, reset, used: 0, resource });
  return {
    resources: { core, search: other("search", 30), graphql: other("graphql", limit), integration_manifest: other("integration_manifest", 5000) },
    rate: core,
  };
}

function permissionsJson(permissions: Permissions | undefined): { [key: string]: Json } {
  const all: Permissions = permissions ?? {
    actions: "write",
    administration: "read",
    checks: "read",
    deployments: "write",
    metadata: "read",
    organization_self_hosted_runners: "read",
  };
  const json: { [key: string]: Json } = {};
  for (const [name, access] of Object.entries(all)) if (access !== undefined) json[name] = access;
  return json;
}

export function renderInstallation(urls: Urls, state: EmulatorState, app: AppState): { [key: string]: Json } {
  return {
    id: app.installationId,
    account: simpleUser(urls, state.org.login, "Organization", state.org.id),
    repository_selection: "selected",
    access_tokens_url: `${urls.api}/app/installations/${app.installationId}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/organizations/${state.org.login}/settings/installations/${app.installationId}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: state.org.id,
    target_type: "Organization",
    permissions: permissionsJson(app.permissions),
    events: ["workflow_job", "deployment_status"],
    created_at: iso(state.createdAt),
    updated_at: iso(state.createdAt),
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

export function renderInstallationToken(app: AppState, token: string, expiresAt: number): { [key: string]: Json } {
  return { token, expires_at: iso(expiresAt), permissions: permissionsJson(app.permissions), repository_selection: "selected" };
}
