/** `runwarden fleet`: the runner groups of runwarden.yml as GitHub sees them, judged as route judges them. */
import { environmentOf } from "../../../config/environments.js";
import type { LoadedConfig } from "../../../config/load.js";
import { listRunnerGroups, listRunners } from "../../../github/api/runners.js";
import { formatLocation, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { startProgress } from "../../../output/progress.js";
import { emitReport } from "../../../output/report.js";
import { buildFleetView, type FleetEnvironment } from "../../../route/fleet.js";
import { compareFleetInventory } from "../../../route/fleet-inventory.js";
import { observeGroups } from "../../../route/observe.js";
import { resolveWorkflow } from "../../../route/workflow-ref.js";
import { connect, loadFor, usageOf, type Session } from "../../session.js";
import { fleetReport } from "./render.js";

export interface FleetOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  /** An Ansible inventory whose runner hosts the fleet is compared with. */
  readonly inventory?: string;
  /** Its inventory groups of runner hosts (default runner_primary, runner_secondary). */
  readonly runnerGroups?: string[];
}

function selected(loaded: LoadedConfig, wanted: string | undefined): [string, ReturnType<typeof environmentOf>][] {
  if (wanted !== undefined) return [[wanted, environmentOf(loaded, wanted)]];
  return Object.keys(loaded.config.environments).map((name) => [name, environmentOf(loaded, name)]);
}

async function observe(session: Session, loaded: LoadedConfig, wanted: string | undefined, env: Io["env"]): Promise<FleetEnvironment[]> {
  const repository = `${session.repo.owner}/${session.repo.repo}`;
  return Promise.all(
    selected(loaded, wanted).map(async ([name, environment]) => ({
      name,
      groups: environment.runner_groups,
      observations: await observeGroups(session.client, session.repo, environment.runner_groups),
      workflow: resolveWorkflow(environment.route.workflow, repository, env),
    })),
  );
}

/** `runwarden fleet`: the runner groups of runwarden.yml as GitHub sees them now. */
export async function fleet(options: FleetOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  const wanted = selected(loaded, options.environment);
  const declared = options.inventory === undefined ? undefined : await declaredRunners(options.inventory, options.runnerGroups, io);
  const session = await connect(loaded, options.config, io);
  const groups = wanted.flatMap(([, environment]) => environment.runner_groups);
  const orgLevel = groups.some((group) => group.group !== undefined) || (declared ?? []).some((host) => host.scope === "org");
  const repoLevel = (declared ?? []).some((host) => host.scope === "repo") && !groups.some((group) => group.group === undefined);
  const progress = startProgress(io.stderr, "reading the runner fleet from GitHub", { quiet: options.json });
  // The groups as route observes them, and the whole organization's runners to find misplaced ones.
  const [environments, orgRunners, githubGroups, listedRepoRunners] = await Promise.all([
    observe(session, loaded, options.environment, io.env),
    orgLevel ? listRunners(session.client, { kind: "org", org: session.repo.owner }) : undefined,
    orgLevel ? listRunnerGroups(session.client, session.repo.owner) : undefined,
    // Repository runners the inventory declares, when no configured group lists them already.
    repoLevel ? listRunners(session.client, { kind: "repo", ...session.repo }) : undefined,
  ]).finally(() => progress.done());
  const repoObservation = environments
    .flatMap((environment) => [...environment.observations.values()])
    .find((observation) => observation.kind === "repository");
  const repoRunners = repoObservation?.kind === "repository" ? repoObservation.runners : listedRepoRunners;
  const view = buildFleetView({
    repository: `${session.repo.owner}/${session.repo.repo}`,
    environments,
    orgRunners,
    repoRunners: repoObservation?.kind === "repository" ? repoObservation.runners : undefined,
    githubGroups,
    minRunnerVersion: loaded.config.github.min_runner_version,
  });
  const inventory =
    declared === undefined || options.inventory === undefined
      ? null
      : compareFleetInventory({ inventory: options.inventory, declared, orgRunners, repoRunners, githubGroups, groups });
  const usage = usageOf(session.client);
  session.log?.(
    `github: ${usage.requests} requests, ${usage.not_modified} not modified, ${usage.retries} retries, rate limit ${usage.rate_limit === null ? "unknown" : `${usage.rate_limit.remaining}/${usage.rate_limit.limit}`}`,
  );
  return emitReport(io, fleetReport({ ...view, inventory, github: usage }), { json: options.json });
}

/** The runner hosts `file` declares (read before GitHub is asked: a bad inventory is bad input, exit 2). */
async function declaredRunners(file: string, groups: readonly string[] | undefined, io: Io) {
  const { loadInventory } = await import("../../../inventory/index.js");
  const { runnerHosts, RUNNER_INVENTORY_GROUPS } = await import("../../../inventory/runner-hosts.js");
  const inventory = loadInventory([file], { cwd: io.cwd, playbookDir: io.cwd });
  for (const warning of inventory.warnings) io.stderr.write(`[WARNING]: ${formatLocation(warning.location)}: ${warning.message}\n`);
  const declared = runnerHosts(inventory, groups === undefined ? {} : { groups });
  if (declared.length === 0) {
    throw new UsageError(`the inventory ${file} declares no runner host: none of its groups ${(groups ?? RUNNER_INVENTORY_GROUPS).join(", ")} has a host`, {
      hint: "put the runner hosts in the groups runner_primary and runner_secondary, or name the inventory's groups with --runner-groups (docs/inventory.md#runner-hosts)",
    });
  }
  return declared;
}
