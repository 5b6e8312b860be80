/** Git data objects in GitHub's shapes: `git-ref` and `git-commit`. */
import { type Json, type Urls, repoApi, repoWeb } from "./render-common.js";
import type { GitCommitObject, GitPerson } from "./git-data.js";
import type { EmulatorState } from "./state.js";

function nodeIdOf(kind: string, key: string): string {
  return Buffer.from(`0:${kind}${key}`).toString("base64").replace(/=+$/, "");
}

export function renderGitRef(urls: Urls, state: EmulatorState, name: string, sha: string): { [key: string]: Json } {
  const api = repoApi(urls, state);
  return {
    ref: name,
    node_id: nodeIdOf("Ref", name),
    url: `${api}/git/${name}`,
    object: { sha, type: "commit", url: `${api}/git/commits/${sha}` },
  };
}

function personJson(p: GitPerson): { [key: string]: Json } {
  return { name: p.name, email: p.email, date: new Date(p.date * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

export function renderGitCommit(urls: Urls, state: EmulatorState, commit: GitCommitObject): { [key: string]: Json } {
  const api = repoApi(urls, state);
  const web = repoWeb(urls, state);
  return {
    sha: commit.sha,
    node_id: nodeIdOf("Commit", commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: personJson(commit.author),
    committer: personJson(commit.committer),
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}
