/**
 * The emulated repository's Git database, as far as the Git data API reaches it: commit objects
 * (real Git SHA-1 object ids over their canonical text) and references under `refs/`. Kept beside
 * the emulator state (one per state, made on first use) so that scenarios need not mention it.
 */
import { createHash } from "node:crypto";
import type { EmulatorState } from "./state.js";

/** Git's empty tree, which every repository has: `git hash-object -t tree /dev/null`. */
export const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** Epoch seconds. */
  readonly date: number;
}

export interface GitCommitObject {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly message: string;
}

export interface GitDatabase {
  readonly commits: Map<string, GitCommitObject>;
  readonly trees: Set<string>;
  /** Full name (`refs/…`) → object id. */
  readonly refs: Map<string, string>;
}

const databases = new WeakMap<EmulatorState, GitDatabase>();

export function gitDatabase(state: EmulatorState): GitDatabase {
  let db = databases.get(state);
  if (db === undefined) {
    db = { commits: new Map(), trees: new Set([EMPTY_TREE]), refs: new Map() };
    databases.set(state, db);
  }
  return db;
}

function person(p: GitPerson): string {
  return `${p.name} <${p.email}> ${p.date} +0000`;
}

/** The commit's object id, as `git hash-object -t commit` computes it. */
export function commitSha(commit: Omit<GitCommitObject, "sha">): string {
  const body = [
    `tree ${commit.tree}`,
    ...commit.parents.map((p) => `parent ${p}`),
    `author ${person(commit.author)}`,
    `committer ${person(commit.committer)}`,
    "",
    commit.message,
  ].join("\n");
  return createHash("sha1")
    .update(`commit ${Buffer.byteLength(body)}\0${body}`)
    .digest("hex");
}

/** Whether `ancestor` is `descendant` or reachable from it through parents (a fast-forward). */
export function isAncestor(db: GitDatabase, ancestor: string, descendant: string): boolean {
  const seen = new Set<string>();
  const todo = [descendant];
  while (todo.length > 0) {
    const sha = todo.pop() as string;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    todo.push(...(db.commits.get(sha)?.parents ?? []));
  }
  return false;
}
