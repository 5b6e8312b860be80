/** Commits and the pull requests associated with them, in GitHub's shapes (`commit`, `pull-request-simple`). */
import { createHash } from "node:crypto";
import { mainRepository, nodeId, repoApi, repoWeb, simpleUser, type Json, type Urls } from "./render-common.js";
import type { CommitComparison } from "./compare.js";
import { iso, type CommitState, type EmulatorState, type PullRequestState } from "./state.js";

function fakeSha(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** GitHub's `repository` (the full form that pull request heads and bases carry). */
function fullRepository(urls: Urls, state: EmulatorState): { [key: string]: Json } {
  const repo = mainRepository(urls, state);
  const api = repoApi(urls, state);
  const web = repoWeb(urls, state);
  const created = iso(state.createdAt - 365 * 86_400_000);
  return {
    ...repo,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    clone_url: `${web}.git`,
    git_url: `${web.replace(/^https?:/, "git:")}.git`,
    ssh_url: `git@${new URL(web).host}:${state.org.login}/${state.repo.name}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1024,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: iso(state.createdAt),
    created_at: created,
    updated_at: iso(state.createdAt),
  };
}

export function renderCommit(urls: Urls, state: EmulatorState, commit: CommitState): { [key: string]: Json } {
  const api = repoApi(urls, state);
  const parents = commit.parents.length > 0 ? commit.parents : [fakeSha(`${commit.sha}^`)];
  const when = iso(state.createdAt);
  const person = { name: commit.author, email: `${commit.author}@users.noreply.github.com`, date: when };
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${api}/commits/${commit.sha}`,
    html_url: `${repoWeb(urls, state)}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      comment_count: 0,
      tree: { sha: fakeSha(`${commit.sha}:tree`), url: `${api}/git/trees/${fakeSha(`${commit.sha}:tree`)}` },
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author: simpleUser(urls, commit.author),
    committer: simpleUser(urls, commit.author),
    parents: parents.map((parent) => ({ sha: parent, url: `${api}/commits/${parent}`, html_url: `${repoWeb(urls, state)}/commit/${parent}` })),
    stats: { additions: 1, deletions: 1, total: 2 },
    files: [],
  };
}

export function renderPullRequest(urls: Urls, state: EmulatorState, commit: CommitState, pr: PullRequestState): { [key: string]: Json } {
  const api = repoApi(urls, state);
  const web = repoWeb(urls, state);
  const id = 1_500_000_000 + pr.number;
  const created = iso(state.createdAt - 86_400_000);
  const closed = pr.state === "closed" ? iso(state.createdAt) : null;
  const user = simpleUser(urls, pr.author);
  const branch = (ref: string, sha: string) => ({
    label: `${state.org.login}:${ref}`,
    ref,
    sha,
    user: simpleUser(urls, state.org.login, "Organization", state.org.id),
    repo: fullRepository(urls, state),
  });
  return {
    url: `${api}/pulls/${pr.number}`,
    id,
    node_id: nodeId("PullRequest", id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${commit.sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: created,
    updated_at: closed ?? created,
    closed_at: closed,
    merged_at: pr.state === "closed" && pr.merged ? closed : null,
    merge_commit_sha: pr.state === "closed" && pr.merged ? commit.sha : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(`change-${pr.number}`, fakeSha(`${commit.sha}:head`)),
    base: branch(state.repo.defaultBranch, fakeSha(`${commit.sha}:base`)),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: `${web}/pull/${pr.number}` },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${commit.sha}` },
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: false,
  };
}

/** GitHub's `commit-comparison`: base and merge base, status and counts, the head-only commits (no files). */
export function renderComparison(
  urls: Urls,
  state: EmulatorState,
  base: CommitState,
  head: CommitState,
  comparison: CommitComparison,
): { [key: string]: Json } {
  const api = repoApi(urls, state);
  const web = repoWeb(urls, state);
  const range = `${base.sha}...${head.sha}`;
  return {
    url: `${api}/compare/${range}`,
    html_url: `${web}/compare/${range}`,
    permalink_url: `${web}/compare/${state.org.login}:${base.sha.slice(0, 7)}...${state.org.login}:${head.sha.slice(0, 7)}`,
    diff_url: `${web}/compare/${range}.diff`,
    patch_url: `${web}/compare/${range}.patch`,
    base_commit: renderCommit(urls, state, base),
    merge_base_commit: renderCommit(urls, state, comparison.mergeBase),
    status: comparison.status,
    ahead_by: comparison.aheadBy,
    behind_by: comparison.behindBy,
    total_commits: comparison.aheadBy,
    commits: comparison.commits.map((commit) => renderCommit(urls, state, commit)),
    files: [],
  };
}
