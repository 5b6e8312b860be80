/**
 * The Git data API over the emulated repository's Git database: commits (create, get) and
 * references (create, get, update, delete), with GitHub's documented semantics — what the
 * GitHub-ref environment lock relies on:
 *
 * - `POST /repos/{o}/{r}/git/refs` creates `ref` (fully qualified, `refs/…` with at least two
 *   slashes) at `sha`, and fails with 422 when the reference already exists: creation is atomic.
 *   https://docs.github.com/rest/git/refs#create-a-reference
 * - `PATCH /repos/{o}/{r}/git/refs/{ref}` sets it to `sha`; with `force` false (the default) only
 *   when that is a fast-forward (the current commit is an ancestor of the new one), else 422
 *   "Update is not a fast forward" — a compare-and-set on the current commit.
 *   https://docs.github.com/rest/git/refs#update-a-reference
 * - `DELETE /repos/{o}/{r}/git/refs/{ref}`: 204, or 422 (documented without a body) when it does
 *   not exist.
 *   https://docs.github.com/rest/git/refs#delete-a-reference
 * - `GET /repos/{o}/{r}/git/ref/{ref}`: 200, or 404 when it does not exist.
 *   https://docs.github.com/rest/git/refs#get-a-reference
 * - `POST /repos/{o}/{r}/git/commits` (message, tree, parents) and `GET …/git/commits/{sha}`.
 *   https://docs.github.com/rest/git/commits
 *
 * `{ref}` in a path is `heads/main`, `runwarden/lock/production`: without `refs/`, slashes
 * literal or percent-encoded.
 */
import { commitSha, gitDatabase, isAncestor, type GitPerson } from "./git-data.js";
import { fail, json, notFound, type RouteReply } from "./http.js";
import { renderGitCommit, renderGitRef } from "./render-git.js";
import { bodyRecord, isRepo, type RouteContext, type RouteDef } from "./route-context.js";

const SHA = /^[0-9a-f]{40}$/;

function refName(ctx: RouteContext): string {
  return `refs/${(ctx.params["ref"] ?? "").replace(/^refs\//, "")}`;
}

function personFrom(value: unknown, fallback: GitPerson): GitPerson {
  if (typeof value !== "object" || value === null) return fallback;
  const record = value as Record<string, unknown>;
  const date = typeof record["date"] === "string" ? Date.parse(record["date"]) : Number.NaN;
  return {
    name: typeof record["name"] === "string" ? record["name"] : fallback.name,
    email: typeof record["email"] === "string" ? record["email"] : fallback.email,
    date: Number.isNaN(date) ? fallback.date : Math.floor(date / 1000),
  };
}

function createCommit(ctx: RouteContext): RouteReply {
  const body = bodyRecord(ctx);
  const db = gitDatabase(ctx.engine.state);
  const message = body["message"];
  const tree = body["tree"];
  const parents = body["parents"] ?? [];
  if (typeof message !== "string" || typeof tree !== "string") return fail(422, 'Invalid request.\n\n"message" and "tree" are required.');
  if (!Array.isArray(parents) || parents.some((p) => typeof p !== "string"))
    return fail(422, "Invalid request.\n\nFor 'properties/parents', it must be an array of strings.");
  if (!db.trees.has(tree)) return fail(422, "Tree SHA does not exist");
  for (const parent of parents as string[]) if (!db.commits.has(parent)) return fail(422, "Parent SHA does not exist or is not a commit object");
  const me: GitPerson = { name: ctx.identity.login, email: `${ctx.identity.login}@users.noreply.github.com`, date: Math.floor(ctx.engine.now() / 1000) };
  const author = personFrom(body["author"], me);
  const committer = personFrom(body["committer"], author);
  const object = { tree, parents: parents as string[], author, committer, message };
  const commit = { sha: commitSha(object), ...object };
  db.commits.set(commit.sha, commit);
  const rendered = renderGitCommit(ctx.urls, ctx.engine.state, commit);
  return json(rendered, 201, { location: String(rendered["url"]) });
}

export const gitRoutes: readonly RouteDef[] = [
  { key: "createGitCommit", handle: (ctx) => (isRepo(ctx) ? createCommit(ctx) : notFound()) },
  {
    key: "getGitCommit",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const commit = gitDatabase(ctx.engine.state).commits.get(ctx.params["commit_sha"] ?? "");
      return commit === undefined ? notFound() : json(renderGitCommit(ctx.urls, ctx.engine.state, commit));
    },
  },
  {
    key: "createGitRef",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const body = bodyRecord(ctx);
      const ref = body["ref"];
      const sha = body["sha"];
      if (typeof ref !== "string" || typeof sha !== "string") return fail(422, 'Invalid request.\n\n"ref" and "sha" are required.');
      if (!ref.startsWith("refs/") || ref.split("/").length < 3 || ref.split("/").some((part) => part === "")) {
        return fail(422, "Reference name must start with 'refs' and have at least two slashes.");
      }
      const db = gitDatabase(ctx.engine.state);
      if (!SHA.test(sha) || !db.commits.has(sha)) return fail(422, "Object does not exist");
      if (db.refs.has(ref)) return fail(422, "Reference already exists");
      db.refs.set(ref, sha);
      const rendered = renderGitRef(ctx.urls, ctx.engine.state, ref, sha);
      return json(rendered, 201, { location: String(rendered["url"]) });
    },
  },
  {
    key: "getGitRef",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const name = refName(ctx);
      const sha = gitDatabase(ctx.engine.state).refs.get(name);
      return sha === undefined ? notFound() : json(renderGitRef(ctx.urls, ctx.engine.state, name, sha));
    },
  },
  {
    key: "updateGitRef",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const body = bodyRecord(ctx);
      const sha = body["sha"];
      const force = body["force"] === true;
      if (typeof sha !== "string") return fail(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
      const db = gitDatabase(ctx.engine.state);
      const name = refName(ctx);
      const current = db.refs.get(name);
      if (current === undefined) return fail(422, "Reference does not exist");
      if (!db.commits.has(sha)) return fail(422, "Object does not exist");
      if (!force && !isAncestor(db, current, sha)) return fail(422, "Update is not a fast forward");
      db.refs.set(name, sha);
      return json(renderGitRef(ctx.urls, ctx.engine.state, name, sha));
    },
  },
  {
    key: "deleteGitRef",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const db = gitDatabase(ctx.engine.state);
      // GitHub's description documents this 422 without a body.
      if (!db.refs.delete(refName(ctx))) return { kind: "empty", status: 422 };
      return { kind: "empty", status: 204 };
    },
  },
];
