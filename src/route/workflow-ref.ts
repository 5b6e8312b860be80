/**
 * Which workflow is asking for a runner, in GitHub's own notation — `owner/repo/.github/workflows/
 * deploy.yml@refs/heads/main` (`$GITHUB_WORKFLOW_REF`, and the entries of a runner group's
 * `selected_workflows`) — and whether a group restricted to workflows lets it in.
 */

export interface WorkflowRef {
  /** `owner/repo`, lower case. */
  readonly repository: string;
  /** `.github/workflows/deploy.yml`. */
  readonly path: string;
  /** `refs/heads/main`; undefined when not known. */
  readonly ref: string | undefined;
}

/** `main` → `refs/heads/main`; full refs and commit shas stay as they are. */
function fullRef(ref: string): string {
  if (ref.startsWith("refs/") || /^[0-9a-f]{40}$/.test(ref)) return ref;
  return `refs/heads/${ref}`;
}

/**
 * Reads a workflow reference: `owner/repo/PATH@REF`, `PATH@REF` or `PATH` (the repository and ref
 * are then `repository` and `ref`). Undefined when the text is not a workflow path.
 */
export function parseWorkflowRef(text: string, repository: string, ref?: string): WorkflowRef | undefined {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf("@");
  const location = at === -1 ? trimmed : trimmed.slice(0, at);
  const ownRef = at === -1 ? undefined : trimmed.slice(at + 1);
  const index = location.indexOf(".github/workflows/");
  if (index === -1) return undefined;
  const prefix = location.slice(0, index).replace(/\/$/, "");
  const path = location.slice(index);
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return undefined;
  const repo = prefix === "" ? repository : prefix;
  if (!/^[^/]+\/[^/]+$/.test(repo)) return undefined;
  const chosen = ownRef ?? ref;
  return { repository: repo.toLowerCase(), path, ref: chosen === undefined || chosen === "" ? undefined : fullRef(chosen) };
}

export function formatWorkflowRef(ref: WorkflowRef): string {
  return `${ref.repository}/${ref.path}${ref.ref === undefined ? "" : `@${ref.ref}`}`;
}

function globToRegex(glob: string): RegExp {
  const source = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${source}$`, "i");
}

/**
 * Whether one `selected_workflows` entry admits `workflow`. GitHub's entries name the repository,
 * the path and a ref (`@main`, `@refs/heads/main`, `@v1`, `@<sha>`); `*` is a wildcard.
 * A workflow whose ref is unknown is admitted by no entry (fail closed).
 */
export function entryAdmits(entry: string, workflow: WorkflowRef): boolean {
  if (workflow.ref === undefined) return false;
  const at = entry.lastIndexOf("@");
  const location = at === -1 ? entry : entry.slice(0, at);
  const ref = at === -1 ? "*" : entry.slice(at + 1);
  if (!globToRegex(location).test(`${workflow.repository}/${workflow.path}`)) return false;
  if (ref === "*") return true;
  return globToRegex(ref).test(workflow.ref) || globToRegex(fullRef(ref)).test(workflow.ref);
}

export function workflowAdmitted(selected: readonly string[], workflow: WorkflowRef): boolean {
  return selected.some((entry) => entryAdmits(entry, workflow));
}

/**
 * The deploy workflow: `route.workflow` from the config (its ref, when it has none, from
 * `$GITHUB_WORKFLOW_REF` for the same path, else `$GITHUB_REF`), else `$GITHUB_WORKFLOW_REF`.
 */
export function resolveWorkflow(
  configured: string | undefined,
  repository: string,
  env: Readonly<Record<string, string | undefined>>,
): WorkflowRef | undefined {
  const running = env.GITHUB_WORKFLOW_REF === undefined || env.GITHUB_WORKFLOW_REF === "" ? undefined : parseWorkflowRef(env.GITHUB_WORKFLOW_REF, repository);
  if (configured === undefined) return running;
  const own = parseWorkflowRef(configured, repository);
  if (own === undefined || own.ref !== undefined) return own;
  const sameFile = running !== undefined && running.path === own.path && running.repository === own.repository;
  const ref = sameFile ? running.ref : env.GITHUB_REF === undefined || env.GITHUB_REF === "" ? undefined : env.GITHUB_REF;
  return ref === undefined ? own : { ...own, ref: ref.startsWith("refs/") ? ref : `refs/heads/${ref}` };
}
