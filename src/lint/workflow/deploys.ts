/**
 * Which jobs deploy (docs/lint.md, "Which jobs deploy"). A job deploys when
 *   - it references a production environment (a name the policy calls production, or a name
 *     computed by an expression, which may be production), or
 *   - its `runs-on` names a production runner label or a production runner group (written out, or
 *     among the values of a static matrix it reads),
 * except an approval job: one that references production environment E with a deployment while a
 * job after it (through `needs`) references E with `deployment: false` — the pattern that keeps the
 * human approval on one job (DESIGN.md §5) — or one that references an approval environment: one
 * runwarden.yml names as a `guards.approval_environment`, or whose name (as written, expressions
 * included) contains `approval` (`production-approval`, `${{ inputs.environment }}-approval`).
 */
import type { LintPolicy } from "../policy.js";
import type { EnvironmentRef, JobModel, WorkflowDocument } from "./model.js";
import type { RunsOn } from "./runs-on.js";

export interface DeployJob {
  readonly job: JobModel;
  /** Why it counts as a deploy, for messages: `targets environment 'production'`. */
  readonly reason: string;
}

/** `yes` for a production name, `maybe` for a computed name, `no` otherwise. */
export function productionEnvironment(env: EnvironmentRef | undefined, policy: LintPolicy): "yes" | "maybe" | "no" {
  if (env === undefined) return "no";
  if (env.name === undefined) return "maybe";
  return policy.isProductionEnvironment(env.name) ? "yes" : "no";
}

/** Why `runs-on` points at production runners, or undefined. */
export function productionRunners(runsOn: RunsOn, policy: LintPolicy): string | undefined {
  const label = runsOn.labels.find((l) => policy.isProductionLabel(l.value));
  if (label !== undefined) return `runs on production runner label '${label.value}'`;
  if (runsOn.group !== undefined && policy.isProductionGroup(runsOn.group.value)) return `runs in production runner group '${runsOn.group.value}'`;
  const matrix = runsOn.matrixLabels.flat().find((l) => policy.isProductionLabel(l));
  if (matrix !== undefined) return `runs on production runner label '${matrix}' (from its matrix)`;
  return undefined;
}

/** Why a job runs on self-hosted runners, or undefined (GitHub-hosted, as far as can be told). */
export function selfHostedRunners(runsOn: RunsOn, policy: LintPolicy): string | undefined {
  const production = productionRunners(runsOn, policy);
  if (production !== undefined) return production;
  if (runsOn.labels.some((l) => l.value.toLowerCase() === "self-hosted")) return "runs on self-hosted runners";
  if (runsOn.matrixLabels.some((set) => set.some((l) => l.toLowerCase() === "self-hosted"))) return "runs on self-hosted runners (from its matrix)";
  if (runsOn.group !== undefined) return `runs in runner group '${runsOn.group.value}'`;
  if (runsOn.routed) return "runs on the runners an earlier job chose (needs.*.outputs)";
  if (runsOn.grouped) return "runs in a runner group chosen by an expression";
  return undefined;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Jobs that hold the one approval for an environment the jobs after them use with `deployment: false`. */
export function approvalJobs(doc: WorkflowDocument, policy: LintPolicy): Set<string> {
  const byId = new Map(doc.jobs.map((job) => [job.id, job]));
  const upstream = (job: JobModel): Set<string> => {
    const seen = new Set<string>();
    const stack = [...job.needs];
    while (stack.length > 0) {
      const id = stack.pop() ?? "";
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.needs ?? []));
    }
    return seen;
  };
  const approvals = new Set<string>();
  for (const job of doc.jobs) {
    const name = job.environment?.name;
    if (name !== undefined && policy.approvalEnvironments.has(name.toLowerCase())) approvals.add(job.id);
    if (/approval/i.test(job.environment?.written ?? "")) approvals.add(job.id);
  }
  for (const later of doc.jobs) {
    const env = later.environment;
    if (env?.name === undefined || env.deployment) continue;
    for (const id of upstream(later)) {
      const earlier = byId.get(id)?.environment;
      if (earlier?.name !== undefined && earlier.deployment && sameName(earlier.name, env.name) && policy.isProductionEnvironment(env.name)) approvals.add(id);
    }
  }
  return approvals;
}

const cache = new WeakMap<WorkflowDocument, WeakMap<LintPolicy, DeployJob[]>>();

export function deployJobs(doc: WorkflowDocument, policy: LintPolicy): DeployJob[] {
  const cached = cache.get(doc)?.get(policy);
  if (cached !== undefined) return cached;
  const approvals = approvalJobs(doc, policy);
  const found: DeployJob[] = [];
  for (const job of doc.jobs) {
    if (job.reusable || approvals.has(job.id)) continue;
    const env = productionEnvironment(job.environment, policy);
    const runners = productionRunners(job.runsOn, policy);
    if (env === "yes") found.push({ job, reason: `targets environment '${job.environment?.name ?? ""}'` });
    else if (runners !== undefined) found.push({ job, reason: runners });
    else if (env === "maybe") found.push({ job, reason: "targets an environment named by an expression, which may be production" });
  }
  const perPolicy = cache.get(doc) ?? new WeakMap<LintPolicy, DeployJob[]>();
  perPolicy.set(policy, found);
  cache.set(doc, perPolicy);
  return found;
}
