/**
 * The GitHub REST operations runwarden uses, with the permission each needs. One list serves three
 * readers: the client (a 403 names the missing permission), the emulator (it enforces the same
 * permissions and serves exactly these routes) and docs/github.md (the permissions table).
 */

/** Fine-grained / GitHub App permission names runwarden needs. */
export type PermissionName =
  | "actions"
  | "administration"
  | "checks"
  | "contents"
  | "deployments"
  | "metadata"
  | "organization_self_hosted_runners"
  | "pull_requests";

export type Access = "read" | "write";

export interface Permission {
  readonly name: PermissionName;
  readonly access: Access;
}

/** How the request is authenticated: a token (user, App installation) or the App's own JWT. */
export type AuthKind = "token" | "app-jwt" | "none";

export interface Endpoint {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path template as in GitHub's OpenAPI description. */
  readonly path: string;
  /** OpenAPI `operationId`. */
  readonly operationId: string;
  readonly auth: AuthKind;
  /** Needed permission; undefined: none beyond authentication. */
  readonly permission?: Permission;
  /** Documented success status. */
  readonly status: number;
}

const read = (name: PermissionName): Permission => ({ name, access: "read" });
const write = (name: PermissionName): Permission => ({ name, access: "write" });

export const ENDPOINTS = {
  listRepoRunners: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runners",
    operationId: "actions/list-self-hosted-runners-for-repo",
    auth: "token",
    permission: read("administration"),
    status: 200,
  },
  listOrgRunners: {
    method: "GET",
    path: "/orgs/{org}/actions/runners",
    operationId: "actions/list-self-hosted-runners-for-org",
    auth: "token",
    permission: read("organization_self_hosted_runners"),
    status: 200,
  },
  listRunnerGroups: {
    method: "GET",
    path: "/orgs/{org}/actions/runner-groups",
    operationId: "actions/list-self-hosted-runner-groups-for-org",
    auth: "token",
    permission: read("organization_self_hosted_runners"),
    status: 200,
  },
  getRunnerGroup: {
    method: "GET",
    path: "/orgs/{org}/actions/runner-groups/{runner_group_id}",
    operationId: "actions/get-self-hosted-runner-group-for-org",
    auth: "token",
    permission: read("organization_self_hosted_runners"),
    status: 200,
  },
  listGroupRunners: {
    method: "GET",
    path: "/orgs/{org}/actions/runner-groups/{runner_group_id}/runners",
    operationId: "actions/list-self-hosted-runners-in-group-for-org",
    auth: "token",
    permission: read("organization_self_hosted_runners"),
    status: 200,
  },
  // Runner lifecycle (the Ansible role in ansible/roles/runner): registration and removal tokens,
  // forced deletion, draining by custom labels.
  // https://docs.github.com/en/rest/actions/self-hosted-runners
  createOrgRegistrationToken: {
    method: "POST",
    path: "/orgs/{org}/actions/runners/registration-token",
    operationId: "actions/create-registration-token-for-org",
    auth: "token",
    permission: write("organization_self_hosted_runners"),
    status: 201,
  },
  createRepoRegistrationToken: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runners/registration-token",
    operationId: "actions/create-registration-token-for-repo",
    auth: "token",
    permission: write("administration"),
    status: 201,
  },
  createOrgRemoveToken: {
    method: "POST",
    path: "/orgs/{org}/actions/runners/remove-token",
    operationId: "actions/create-remove-token-for-org",
    auth: "token",
    permission: write("organization_self_hosted_runners"),
    status: 201,
  },
  createRepoRemoveToken: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runners/remove-token",
    operationId: "actions/create-remove-token-for-repo",
    auth: "token",
    permission: write("administration"),
    status: 201,
  },
  deleteOrgRunner: {
    method: "DELETE",
    path: "/orgs/{org}/actions/runners/{runner_id}",
    operationId: "actions/delete-self-hosted-runner-from-org",
    auth: "token",
    permission: write("organization_self_hosted_runners"),
    status: 204,
  },
  addOrgRunnerLabels: {
    method: "POST",
    path: "/orgs/{org}/actions/runners/{runner_id}/labels",
    operationId: "actions/add-custom-labels-to-self-hosted-runner-for-org",
    auth: "token",
    permission: write("organization_self_hosted_runners"),
    status: 200,
  },
  removeOrgRunnerLabels: {
    method: "DELETE",
    path: "/orgs/{org}/actions/runners/{runner_id}/labels",
    operationId: "actions/remove-all-custom-labels-from-self-hosted-runner-for-org",
    auth: "token",
    permission: write("organization_self_hosted_runners"),
    status: 200,
  },
  listGroupRepositories: {
    method: "GET",
    path: "/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories",
    operationId: "actions/list-repo-access-to-self-hosted-runner-group-in-org",
    auth: "token",
    permission: read("organization_self_hosted_runners"),
    status: 200,
  },
  listWorkflows: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/workflows",
    operationId: "actions/list-repo-workflows",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  listRuns: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs",
    operationId: "actions/list-workflow-runs-for-repo",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  listWorkflowRuns: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    operationId: "actions/list-workflow-runs",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  getRun: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    operationId: "actions/get-workflow-run",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  listRunJobs: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs",
    operationId: "actions/list-jobs-for-workflow-run",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  listAttemptJobs: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs",
    operationId: "actions/list-jobs-for-workflow-run-attempt",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  getJob: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/jobs/{job_id}",
    operationId: "actions/get-job-for-workflow-run",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  downloadJobLogs: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
    operationId: "actions/download-job-logs-for-workflow-run",
    auth: "token",
    permission: read("actions"),
    status: 302,
  },
  listAnnotations: {
    method: "GET",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    operationId: "checks/list-annotations",
    auth: "token",
    permission: read("checks"),
    status: 200,
  },
  cancelRun: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel",
    operationId: "actions/cancel-workflow-run",
    auth: "token",
    permission: write("actions"),
    status: 202,
  },
  forceCancelRun: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel",
    operationId: "actions/force-cancel-workflow-run",
    auth: "token",
    permission: write("actions"),
    status: 202,
  },
  rerunRun: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun",
    operationId: "actions/re-run-workflow",
    auth: "token",
    permission: write("actions"),
    status: 201,
  },
  rerunFailedJobs: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs",
    operationId: "actions/re-run-workflow-failed-jobs",
    auth: "token",
    permission: write("actions"),
    status: 201,
  },
  rerunJob: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun",
    operationId: "actions/re-run-job-for-workflow-run",
    auth: "token",
    permission: write("actions"),
    status: 201,
  },
  dispatchWorkflow: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    operationId: "actions/create-workflow-dispatch",
    auth: "token",
    permission: write("actions"),
    status: 204,
  },
  listDeployments: {
    method: "GET",
    path: "/repos/{owner}/{repo}/deployments",
    operationId: "repos/list-deployments",
    auth: "token",
    permission: read("deployments"),
    status: 200,
  },
  createDeployment: {
    method: "POST",
    path: "/repos/{owner}/{repo}/deployments",
    operationId: "repos/create-deployment",
    auth: "token",
    permission: write("deployments"),
    status: 201,
  },
  listDeploymentStatuses: {
    method: "GET",
    path: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    operationId: "repos/list-deployment-statuses",
    auth: "token",
    permission: read("deployments"),
    status: 200,
  },
  createDeploymentStatus: {
    method: "POST",
    path: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    operationId: "repos/create-deployment-status",
    auth: "token",
    permission: write("deployments"),
    status: 201,
  },
  getCommit: {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}",
    operationId: "repos/get-commit",
    auth: "token",
    permission: read("contents"),
    status: 200,
  },
  listCommitPulls: {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    operationId: "repos/list-pull-requests-associated-with-commit",
    auth: "token",
    permission: read("pull_requests"),
    status: 200,
  },
  compareCommits: {
    method: "GET",
    path: "/repos/{owner}/{repo}/compare/{basehead}",
    operationId: "repos/compare-commits-with-basehead",
    auth: "token",
    permission: read("contents"),
    status: 200,
  },
  listRunApprovals: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/approvals",
    operationId: "actions/get-reviews-for-run",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  listPendingDeployments: {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments",
    operationId: "actions/get-pending-deployments-for-run",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  reviewPendingDeployments: {
    method: "POST",
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments",
    operationId: "actions/review-pending-deployments-for-run",
    auth: "token",
    permission: write("deployments"),
    status: 200,
  },
  createGitCommit: {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/commits",
    operationId: "git/create-commit",
    auth: "token",
    permission: write("contents"),
    status: 201,
  },
  getGitCommit: {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    operationId: "git/get-commit",
    auth: "token",
    permission: read("contents"),
    status: 200,
  },
  createGitRef: {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/refs",
    operationId: "git/create-ref",
    auth: "token",
    permission: write("contents"),
    status: 201,
  },
  getGitRef: {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/ref/{ref}",
    operationId: "git/get-ref",
    auth: "token",
    permission: read("contents"),
    status: 200,
  },
  updateGitRef: {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/git/refs/{ref}",
    operationId: "git/update-ref",
    auth: "token",
    permission: write("contents"),
    status: 200,
  },
  deleteGitRef: {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/git/refs/{ref}",
    operationId: "git/delete-ref",
    auth: "token",
    permission: write("contents"),
    status: 204,
  },
  getEnvironment: {
    method: "GET",
    path: "/repos/{owner}/{repo}/environments/{environment_name}",
    operationId: "repos/get-environment",
    auth: "token",
    permission: read("actions"),
    status: 200,
  },
  getBranchRules: {
    method: "GET",
    path: "/repos/{owner}/{repo}/rules/branches/{branch}",
    operationId: "repos/get-branch-rules",
    auth: "token",
    permission: read("metadata"),
    status: 200,
  },
  getBranchProtection: {
    method: "GET",
    path: "/repos/{owner}/{repo}/branches/{branch}/protection",
    operationId: "repos/get-branch-protection",
    auth: "token",
    permission: read("administration"),
    status: 200,
  },
  getRateLimit: { method: "GET", path: "/rate_limit", operationId: "rate-limit/get", auth: "token", status: 200 },
  getRepoInstallation: { method: "GET", path: "/repos/{owner}/{repo}/installation", operationId: "apps/get-repo-installation", auth: "app-jwt", status: 200 },
  getOrgInstallation: { method: "GET", path: "/orgs/{org}/installation", operationId: "apps/get-org-installation", auth: "app-jwt", status: 200 },
  createInstallationToken: {
    method: "POST",
    path: "/app/installations/{installation_id}/access_tokens",
    operationId: "apps/create-installation-access-token",
    auth: "app-jwt",
    status: 201,
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof ENDPOINTS;

export const ENDPOINT_KEYS = Object.keys(ENDPOINTS) as EndpointKey[];

/** `Administration: read` */
export function permissionText(permission: Permission): string {
  const title =
    permission.name === "organization_self_hosted_runners"
      ? "Self-hosted runners (organization)"
      : permission.name[0]?.toUpperCase() + permission.name.slice(1).replace(/_/g, " ");
  return `${title}: ${permission.access}`;
}

/** The endpoint whose template matches `method` + a concrete path (`/repos/a/b/actions/runners`). */
export function endpointFor(method: string, path: string): Endpoint | undefined {
  const bare = path.split("?")[0] ?? path;
  for (const key of ENDPOINT_KEYS) {
    const endpoint: Endpoint = ENDPOINTS[key];
    if (endpoint.method !== method.toUpperCase()) continue;
    if (templateRegex(endpoint.path).test(bare)) return endpoint;
  }
  return undefined;
}

function templateRegex(template: string): RegExp {
  const source = template
    .split("/")
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`(?:^|/)${source.replace(/^\//, "")}$`);
}
