/**
 * Public API of the GitHub layer: a client (auth, retries, rate limits, ETags, pagination, timeouts)
 * and typed helpers for exactly what runwarden reads and writes. docs/github.md describes it.
 */
export { GithubClient, DEFAULT_API_URL, API_VERSION, type GithubClientOptions, type CallOptions, type ListOptions } from "./client.js";
export { connectGithub, type ConnectOptions } from "./connect.js";
export { resolveGithubSettings, parseRepository, type GithubSettings, type GithubSettingsInput, type SettingsAuth } from "./settings.js";
export { DEFAULT_POLICY, resolvePolicy, type RequestPolicy } from "./policy.js";
export { RequestStats, type StatsSnapshot, type RateLimitState, type AttemptRecord, type WaitRecord } from "./stats.js";
export { ENDPOINTS, ENDPOINT_KEYS, permissionText, endpointFor, type Endpoint, type EndpointKey, type Permission, type PermissionName } from "./endpoints.js";
export type { GithubAuth } from "./octokit.js";
export * from "./schemas.js";
export * from "./api/runners.js";
export * from "./api/runs.js";
export * from "./api/run-control.js";
export * from "./api/deployments.js";
export * from "./api/repository.js";
export * from "./api/commits.js";
export * from "./api/compare.js";
export * from "./api/approvals.js";
