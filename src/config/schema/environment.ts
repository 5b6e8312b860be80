/** `environments.<name>:` — hosts, runner groups, guards, preflight checks, the deploy command and its gates. */
import { z } from "zod";
import { preflightCheckSchema } from "./checks.js";
import { duration } from "./duration.js";
import { gateSchema } from "./gates.js";
import { report, type IssueSink } from "./meta.js";
import { routeSchema } from "./route.js";
import { sloOverrideSchema } from "./slo.js";
import { envVarName, regexSource, template, text } from "./strings.js";

/** Reports every repeated `name` in a list, at the repeat. */
function uniqueNames(what: string) {
  return (items: readonly { readonly name: string }[], ctx: IssueSink): void => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, index);
      else report(ctx, `duplicate ${what} name '${item.name}' (also item ${first + 1})`, { hint: `give each ${what} its own name` }, [index, "name"]);
    });
  };
}

export const runnerGroupSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, { error: "not a name (letters, digits, . _ -)" })
      .describe("Name of this choice in decisions and outputs (`primary`, `secondary`)."),
    group: text().optional().describe("GitHub runner group (omit for repository-level runners)."),
    labels: z.array(text().describe("A runner label.")).min(1).describe("`runs-on` labels a runner must carry, e.g. `[self-hosted, linux, x64, production]`."),
    min_idle: z.int().min(0).default(1).describe("Idle online runners (with all labels) needed for the group to count as healthy."),
    min_online: z
      .int()
      .min(1)
      .optional()
      .describe(
        "Instead of `min_idle`: online runners needed, of which at most `max_busy_percent` % may be busy (for autoscaled groups that keep few idle runners). When set, `min_idle` is not used.",
      ),
    max_busy_percent: z.int().min(0).max(100).default(100).describe("With `min_online`: the busy ceiling, in percent of the online runners."),
    approved_for_failover: z
      .boolean()
      .default(false)
      .describe("May receive the deploy when the groups listed before it are unhealthy. The first group is the primary and needs no approval."),
  })
  .describe("A runner group choice; groups are tried in list order.");

export const guardsSchema = z
  .strictObject({
    branches: z.array(text().describe("A branch name or glob (`release/*`).")).optional().describe("Branches allowed to deploy (globs). Default: any branch."),
    require_protected_branch: z.boolean().default(false).describe("Refuse to deploy from a branch without branch protection."),
    require_environment_approval: z
      .boolean()
      .default(false)
      .describe(
        "Refuse to deploy unless a person approved this run: the GitHub environment `approval_environment` (else this environment) has required reviewers, and — with `approval_environment` — the run's review history holds an approval of it.",
      ),
    approval_environment: text("a GitHub environment name")
      .optional()
      .describe(
        "The GitHub environment whose required reviewers approve a deploy, taken once per run before routing (docs/failover.md: e.g. `production-approval`, with reviewers and no secrets); the deploy jobs reference this environment's own GitHub environment for its secrets only, without reviewers. With `require_environment_approval`, the run's review history must show it approved.",
      ),
    change_ticket: regexSource()
      .optional()
      .describe("Regular expression (JavaScript, `u` flag) that must match the commit message or the PR title, e.g. `INFRA-[0-9]+`."),
  })
  .describe("Conditions checked before anything else; a failed guard stops the deploy.");

export const deploySchema = z
  .strictObject({
    run: template().describe(
      "Deploy command (a template, run by the shell), e.g. `ansible-playbook -i {{ inventory }} playbooks/deploy.yml -e app_version={{ sha }}`.",
    ),
    timeout: duration().prefault("30m").describe("Time limit of the command; past it, the command is stopped and the deploy fails."),
    secrets: z
      .array(envVarName().describe("An environment variable name."))
      .default([])
      .describe("Names of environment variables holding secrets: their values are masked in all output (built-in patterns are masked too)."),
    working_directory: text("a directory path")
      .optional()
      .describe("Directory to run the command in; relative paths resolve from the folder of runwarden.yml. Default: that folder."),
    lock_timeout: duration()
      .prefault("10m")
      .describe(
        "How long a deploy waits in line for the environment lock (first come, first served) before it gives up, refused; it prints who holds the lock and since when meanwhile.",
      ),
    lock_ttl: duration()
      .prefault("1m")
      .describe(
        "Lease of the environment lock, renewed by heartbeats every third of it: a holder that dies (SIGKILL, runner lost) loses the lock this long after its last heartbeat.",
      ),
    lock: z
      .enum(["store", "github"])
      .default("store")
      .describe(
        "Where the environment lock lives. `store`: in the store's database — SQLite when every deploy of the environment runs on one runner host, PostgreSQL when several hosts share it. `github`: a Git ref `refs/runwarden/lock/<environment>` in the repository, for several runner hosts without a shared database (needs a token that may write refs: Contents: write; fenced writes are still checked in each host's store).",
      ),
    kill_grace: duration()
      .prefault("10s")
      .describe("When the command is stopped (timeout, Ctrl-C): time between SIGTERM and SIGKILL to its whole process group."),
    environment_url: template()
      .optional()
      .describe("URL of the deployed environment (a template, e.g. `https://{{ public_hostname }}`), shown on the GitHub deployment once it succeeded."),
    production_environment: z
      .boolean()
      .optional()
      .describe("Marks the GitHub deployment as a production one. Default: true when the environment is named `production` (GitHub's own default)."),
  })
  .describe("The deploy command and its limits.");

export const environmentSchema = z
  .strictObject({
    hosts: text("an Ansible host pattern, e.g. production or webservers:&prod").describe(
      "Ansible host pattern selecting this environment's hosts in the inventory (`production`, `web:&prod`).",
    ),
    runner_groups: z.array(runnerGroupSchema).min(1).superRefine(uniqueNames("runner group")).describe("Runner groups in order of preference."),
    guards: guardsSchema.prefault({}),
    preflight: z.array(preflightCheckSchema).default([]).describe("Checks run on the runner before the deploy; any failure (not `warn_only`) stops it."),
    preflight_deadline: duration()
      .optional()
      .describe(
        "The whole preflight ends by then; checks still running report `error` (so the verdict is at best `error`, exit 3). Default: `60s`; `--deadline` overrides it.",
      ),
    deploy: deploySchema.optional(),
    gates: z.array(gateSchema).superRefine(uniqueNames("gate")).default([]).describe("Health gates run after the deploy command; all must pass."),
    route: routeSchema.prefault({}),
    slo: sloOverrideSchema.optional(),
  })
  .describe("One deployment environment (the key is its GitHub environment name).");

export type RunnerGroup = z.output<typeof runnerGroupSchema>;
export type Guards = z.output<typeof guardsSchema>;
export type DeployConfig = z.output<typeof deploySchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
