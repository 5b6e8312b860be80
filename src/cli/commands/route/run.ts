/** `runwarden route`: the runner group the deploy job should run on, decided now from GitHub's view of the fleet. */
import type { AuditSubject, RouteDecisionEvent } from "../../../audit/events.js";
import { environmentOf } from "../../../config/environments.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import type { RouteDecision } from "../../../route/plan.js";
import { emitReport } from "../../../output/report.js";
import { startProgress } from "../../../output/progress.js";
import { connect, loadFor, usageOf } from "../../session.js";
import { routeReport } from "./render.js";

export interface RouteOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment: string;
  readonly forceGroup?: string;
  readonly exclude?: readonly string[];
}

/** The decision as the audit chain records it (docs/audit.md): every group considered, the choice and why. */
function routeEvent(decision: RouteDecision, subject: AuditSubject): RouteDecisionEvent {
  return {
    type: "route.decision",
    ...subject,
    considered: decision.groups.map((group) => ({
      name: group.name,
      github_group: group.github_group,
      healthy: group.healthy,
      eligible: group.eligible,
      reasons: group.reasons,
    })),
    chosen: decision.group,
    failover: decision.failover,
    drill: decision.drill,
    reasons: decision.reasons,
  };
}

export async function route(options: RouteOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  const environment = environmentOf(loaded, options.environment);
  const { checkRouteRequest } = await import("../../../route/plan.js");
  const request = { forceGroup: options.forceGroup, exclude: options.exclude ?? [] };
  checkRouteRequest(options.environment, environment.runner_groups, environment.route.allow_force_group, request);
  const session = await connect(loaded, options.config, io);
  const { decideRoute } = await import("../../../route/decide.js");
  const { resolveWorkflow, formatWorkflowRef } = await import("../../../route/workflow-ref.js");
  const repository = `${session.repo.owner}/${session.repo.repo}`;
  const workflow = resolveWorkflow(environment.route.workflow, repository, io.env);
  const progress = startProgress(io.stderr, "asking GitHub about the runner groups", { quiet: options.json });
  const decision = await decideRoute(
    session.client,
    {
      environment: options.environment,
      repo: session.repo,
      groups: environment.runner_groups,
      minRunnerVersion: loaded.config.github.min_runner_version,
      workflow,
      onApiError: environment.route.on_api_error,
    },
    request,
  ).finally(() => progress.done());
  const { recordActing, subjectFromEnv } = await import("../../audit-acting.js");
  await recordActing(loaded, io, [routeEvent(decision, subjectFromEnv(io.env, options.environment))]);
  const data = { ...decision, workflow: workflow === undefined ? null : formatWorkflowRef(workflow), github: usageOf(session.client) };
  return emitReport(io, routeReport(data), { json: options.json });
}
