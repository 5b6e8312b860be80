/**
 * Shapes shared by many responses — users, repositories, node ids — in GitHub's form, with URLs
 * pointing at the emulator itself (`api` is the API base, `web` stands in for github.com).
 */
import { createHash } from "node:crypto";
import type { EmulatorState } from "./state.js";

export interface Urls {
  /** API base, e.g. http://127.0.0.1:4010 or http://127.0.0.1:4010/api/v3. */
  readonly api: string;
  /** Web base standing in for https://github.com. */
  readonly web: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** GitHub-style opaque node id. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

export function userId(login: string): number {
  return 1 + (createHash("sha256").update(login).digest().readUInt32BE(0) % 90_000_000);
}

export function simpleUser(urls: Urls, login: string, type: "User" | "Organization" | "Bot" = "User", id = userId(login)): { [key: string]: Json } {
  // A bot's login (`github-actions[bot]`) is percent-encoded in its URLs, as GitHub does.
  const path = encodeURIComponent(login);
  const url = `${urls.api}/users/${path}`;
  return {
    login,
    id,
    node_id: nodeId(type === "Organization" ? "Organization" : "User", id),
    avatar_url: `${urls.web}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${urls.web}/${path}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: "public",
    site_admin: false,
  };
}

const REPO_URL_TEMPLATES: readonly (readonly [string, string])[] = [
  ["archive_url", "/{archive_format}{/ref}"],
  ["assignees_url", "/assignees{/user}"],
  ["blobs_url", "/git/blobs{/sha}"],
  ["branches_url", "/branches{/branch}"],
  ["collaborators_url", "/collaborators{/collaborator}"],
  ["comments_url", "/comments{/number}"],
  ["commits_url", "/commits{/sha}"],
  ["compare_url", "/compare/{base}...{head}"],
  ["contents_url", "/contents/{+path}"],
  ["contributors_url", "/contributors"],
  ["deployments_url", "/deployments"],
  ["downloads_url", "/downloads"],
  ["events_url", "/events"],
  ["forks_url", "/forks"],
  ["git_commits_url", "/git/commits{/sha}"],
  ["git_refs_url", "/git/refs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"],
  ["hooks_url", "/hooks"],
  ["issue_comment_url", "/issues/comments{/number}"],
  ["issue_events_url", "/issues/events{/number}"],
  ["issues_url", "/issues{/number}"],
  ["keys_url", "/keys{/key_id}"],
  ["labels_url", "/labels{/name}"],
  ["languages_url", "/languages"],
  ["merges_url", "/merges"],
  ["milestones_url", "/milestones{/number}"],
  ["notifications_url", "/notifications{?since,all,participating}"],
  ["pulls_url", "/pulls{/number}"],
  ["releases_url", "/releases{/id}"],
  ["stargazers_url", "/stargazers"],
  ["statuses_url", "/statuses/{sha}"],
  ["subscribers_url", "/subscribers"],
  ["subscription_url", "/subscription"],
  ["tags_url", "/tags"],
  ["teams_url", "/teams"],
  ["trees_url", "/git/trees{/sha}"],
];

/** GitHub's `minimal-repository` for a repository of the emulated organization. */
export function minimalRepository(urls: Urls, state: EmulatorState, name: string, id: number): { [key: string]: Json } {
  const full = `${state.org.login}/${name}`;
  const url = `${urls.api}/repos/${full}`;
  const repo: { [key: string]: Json } = {
    id,
    node_id: nodeId("Repository", id),
    name,
    full_name: full,
    owner: simpleUser(urls, state.org.login, "Organization", state.org.id),
    private: name === state.repo.name ? state.repo.private : true,
    html_url: `${urls.web}/${full}`,
    description: null,
    fork: false,
    url,
  };
  for (const [key, suffix] of REPO_URL_TEMPLATES) repo[key] = `${url}${suffix}`;
  repo["default_branch"] = name === state.repo.name ? state.repo.defaultBranch : "main";
  repo["visibility"] = repo["private"] === true ? "private" : "public";
  return repo;
}

export function mainRepository(urls: Urls, state: EmulatorState): { [key: string]: Json } {
  return minimalRepository(urls, state, state.repo.name, state.repo.id);
}

export function repoApi(urls: Urls, state: EmulatorState): string {
  return `${urls.api}/repos/${state.org.login}/${state.repo.name}`;
}

export function repoWeb(urls: Urls, state: EmulatorState): string {
  return `${urls.web}/${state.org.login}/${state.repo.name}`;
}
