/**
 * The deploy run, stage by stage: guards → lock → supersede (a newer commit already live or in
 * progress: skipped) → (live check) → GitHub Deployment → preflight →
 * pre-deploy gates → command → post-deploy gates → deployment status → lock released. The first
 * stage that says no decides the outcome; later stages are recorded `skipped` (the deployment status
 * and the lock release always run once reached). Fix-forward only: nothing is ever rolled back.
 * Every attempt is a history row, started under the lock's fence (so a process that dies holding the
 * lock reads `aborted` once its lease expired); an attempt that ended before the lock (refused by a
 * guard, the wait timed out) is recorded, unfenced, with its outcome. Every write under the lock
 * carries its fence, and a refused write (the lease was lost) stops the command.
 */
import { errorText } from "../checks/format.js";
import { gateVerdictEvents } from "../gates/verdict-events.js";
import { guardRefusals, lockAcquired, lockExpired } from "./audit-notes.js";
import { jobQueuedAt } from "./queued-at.js";
import { guardsVerdict, runGuards } from "./guards/index.js";
import { guardGithub } from "./guards/github.js";
import type { GuardContext, GuardResult } from "./guards/types.js";
import type { AcquireResult, DeployHistoryWriter, Fence, Lease, LockHolder } from "../store/types.js";
import { gatesProblem, preflightChecks, preflightProblem, runDeployGates, runDeployPreflight } from "./checks.js";
import { runCommand, type CommandRun } from "./command.js";
import { startDeployment, type DeploymentRecord } from "./deployment.js";
import { checkLive } from "./live-check.js";
import { classifyFailure } from "./outcome.js";
import { prepare, type Prepared } from "./prepare.js";
import { watchRunner, type RunnerWatch } from "./runner-group.js";
import { aborted, failed, refused, refusedBy, skipped, success, type Ending } from "./result.js";
import { StageLog } from "./stages.js";
import { supersedeEnding, supersedeStage } from "./supersede.js";
import { STAGES, type DeployDeps, type DeployRequest, type DeployResult } from "./types.js";

interface Progress {
  attempt: number | undefined;
  fence: Fence | undefined;
  lease: Lease | undefined;
  deployment: DeploymentRecord | undefined;
  guards: GuardResult[];
  command: CommandRun | undefined;
  holder: LockHolder | undefined;
  /** The runner group recorded in history, known once the guards have run. */
  runnerGroup: string | undefined;
  /** When this deploy began (its history row's `startedAt`, though the row is written under the lock). */
  readonly startedAt: number;
  /** When GitHub queued this job (asked once, beside the guards). */
  readonly queuedAt: Promise<number | undefined>;
}

function guardContext(request: DeployRequest, deps: DeployDeps): { context: GuardContext; watch: RunnerWatch | undefined } {
  const env = request.setup.environment;
  const base = { environment: request.setup.name, guards: env.guards, runnerGroups: env.runner_groups, facts: request.facts };
  if ("unavailable" in deps.github) return { context: { ...base, github: { unavailable: deps.github.unavailable } }, watch: undefined };
  // The runner lookup is remembered: the runner group recorded in history comes from it.
  const watch = watchRunner(guardGithub(deps.github.client, deps.github.repo, env.runner_groups));
  return { context: { ...base, github: watch.github }, watch };
}

function holderText(holder: LockHolder | undefined, now: number): string {
  if (holder === undefined) return "earlier waiters";
  return `run ${holder.owner.runId} attempt ${holder.owner.attempt} on ${holder.owner.runner} (since ${new Date(holder.acquiredAt).toISOString()}, ${Math.round((now - holder.acquiredAt) / 1000)} s)`;
}

async function startAttempt(
  history: DeployHistoryWriter,
  request: DeployRequest,
  state: Pick<Progress, "runnerGroup" | "startedAt" | "queuedAt">,
  fence?: Fence,
): Promise<number | undefined> {
  const facts = request.facts;
  const { runnerGroup, startedAt: now } = state;
  const queuedAt = await state.queuedAt;
  const started = await history.start(
    {
      environment: request.setup.name,
      sha: facts.sha,
      ref: facts.ref ?? "",
      runId: facts.runId,
      runAttempt: facts.runAttempt,
      actor: facts.actor,
      runner: facts.runnerName ?? "",
      runnerGroup,
      startedAt: now,
      ...(queuedAt === undefined || queuedAt > now ? {} : { queuedAt }),
    },
    fence,
  );
  return started.status === "written" ? started.id : undefined;
}

/** Runs the stages up to the command's end; returns how the deploy ends (the caller closes it). */
async function stagesThroughGates(
  request: DeployRequest,
  deps: DeployDeps,
  prepared: Prepared,
  log: StageLog,
  state: Progress,
  signal: AbortSignal,
  lost: () => void,
): Promise<Ending> {
  const { io, live } = deps;
  const setup = request.setup;

  const { context, watch } = guardContext(request, deps);
  const guards = await log.run("guards", async () => {
    const results = await runGuards(context, signal);
    const verdict = guardsVerdict(results);
    const bad = results.filter((r) => r.status === "refuse" || r.status === "error");
    for (const r of bad)
      live.write(`  ${r.status === "refuse" ? "refused" : "could not tell"}: ${r.title}: ${r.reason}${r.remedy === undefined ? "" : ` — ${r.remedy}`}\n`);
    const detail = bad.length === 0 ? `${results.filter((r) => r.status === "pass").length} passed` : bad.map((r) => `${r.id}: ${r.reason}`).join("; ");
    return { status: verdict === "pass" ? "success" : verdict === "refuse" ? "refused" : "error", detail, value: results };
  });
  state.guards = guards.value;
  for (const event of guardRefusals(guards.value)) deps.note?.(event);
  state.runnerGroup = watch === undefined ? request.facts.routedGroup : watch.group(setup.environment.runner_groups, request.facts.routedGroup);
  if (guards.status !== "success")
    return refused(`a guard ${guards.status === "refused" ? "refused" : "could not tell"}: ${guards.detail ?? ""}`, guards.status === "error");
  if (signal.aborted) return aborted(`stopped before the lock: ${errorText(signal.reason)}`);

  const lock = await log.run<AcquireResult>("lock", async () => {
    const result = await deps.locks.acquire({
      environment: setup.name,
      owner: { runId: request.facts.runId, attempt: request.facts.runAttempt, runner: request.facts.runnerName ?? "" },
      ttlMs: request.lockTtlMs,
      timeoutMs: request.lockTimeoutMs,
      signal,
      onWait: (wait) =>
        live.write(
          `  waiting for the ${setup.name} lock, held by ${holderText(wait.holder, io.now())}; ${wait.ahead} ahead, waited ${Math.round(wait.waitedMs / 1000)} s\n`,
        ),
    });
    if (result.status === "acquired") {
      const took = result.tookOverFrom === undefined ? "" : `, taken over from the expired lease of run ${result.tookOverFrom.owner.runId}`;
      return { status: "success", detail: `fence ${result.lease.fence.token} after ${result.waitedMs} ms${took}`, value: result };
    }
    if (result.status === "timeout")
      return { status: "refused", detail: `still held by ${holderText(result.holder, io.now())} after ${result.waitedMs} ms (lock_timeout)`, value: result };
    return { status: "error", detail: "cancelled while waiting", value: result };
  });
  if (lock.value.status === "timeout") state.holder = lock.value.holder;
  if (lock.value.status !== "acquired")
    return lock.value.status === "timeout"
      ? refused(`the environment lock: ${lock.detail ?? ""}`, false)
      : aborted("stopped while waiting for the environment lock");
  state.lease = lock.value.lease;
  state.fence = lock.value.lease.fence;
  deps.note?.(lockAcquired(setup.name, lock.value, request.lockTtlMs));
  const holder = lock.value.lease.holder;
  state.lease.keepAlive(() => {
    deps.note?.(lockExpired(setup.name, holder, request.lockTtlMs));
    lost();
  });
  state.attempt = await startAttempt(deps.history, request, state, state.fence);
  if (state.attempt === undefined) return aborted("the lease was lost before the deploy began");
  await log.attach(state.attempt, state.fence);

  const superseded = supersedeEnding(await log.run("supersede", () => supersedeStage(request, deps, signal)));
  if (superseded !== undefined) return superseded;

  if (prepared.liveGates.length > 0) {
    const liveCheck = await log.run("live-check", async () => {
      const live = await checkLive(prepared.liveGates, io, signal);
      return { status: "success", detail: live.detail, value: live.live };
    });
    if (liveCheck.value) return skipped(`already live: ${liveCheck.detail ?? ""}`);
  }

  const github = deps.github;
  const deployment = await log.run("deployment", async () => {
    if ("unavailable" in github) return { status: "error", detail: `cannot reach GitHub: ${github.unavailable}`, value: undefined };
    try {
      const record = await startDeployment(
        github.client,
        github.repo,
        io.masker,
        { environment: setup.name, facts: request.facts, production: setup.environment.deploy?.production_environment },
        signal,
      );
      return { status: "success", detail: `deployment ${record.id} in_progress`, value: record };
    } catch (e: unknown) {
      return { status: "error", detail: `could not create the GitHub deployment: ${errorText(e)}`, value: undefined };
    }
  });
  if (deployment.value === undefined) return refused(deployment.detail ?? "no GitHub deployment", true, null);
  state.deployment = deployment.value;

  const preflight = await log.run("preflight", async () => {
    const checks = await preflightChecks(setup, io, "runwarden");
    if (checks.length === 0) return { status: "skipped", detail: "no preflight checks", value: undefined };
    const report = await runDeployPreflight(setup, checks, io, signal);
    const status = report.verdict === "pass" ? "success" : report.verdict === "fail" ? "failure" : "error";
    return { status, detail: report.verdict === "pass" ? `${report.results.length} check(s) passed` : preflightProblem(report), value: report };
  });
  if (preflight.status === "failure" || preflight.status === "error") {
    const message = `runwarden preflight: ${preflight.detail ?? ""}`;
    return refusedBy({ kind: "preflight", message }, `preflight ${preflight.status === "failure" ? "failed" : "could not tell"}`, preflight.status === "error");
  }

  if (prepared.preGates.length > 0) {
    const pre = await log.run("pre-gates", async () => {
      const report = await runDeployGates(prepared.preGates, io, signal, (line) => live.write(line));
      for (const event of gateVerdictEvents(report, setup.environment.gates)) deps.note?.(event);
      return {
        status: report.verdict === "pass" ? "success" : report.verdict === "fail" ? "failure" : "error",
        detail: report.verdict === "pass" ? `${report.gates.length} gate(s) passed` : gatesProblem(report),
        value: report,
      };
    });
    if (pre.status !== "success")
      return refusedBy(
        { kind: "preflight", message: `runwarden preflight: pre-deploy gate ${pre.detail ?? ""}` },
        "a pre-deploy gate did not pass",
        pre.status === "error",
      );
  }
  if (signal.aborted) return aborted(`stopped before the command: ${errorText(signal.reason)}`);

  const command = await log.run("command", async () => {
    const run = await runCommand({
      command: prepared.command,
      io,
      live,
      logFile: request.logFile,
      signal,
      extraEnv: { RUNWARDEN_ENVIRONMENT: setup.name, RUNWARDEN_SHA: request.facts.sha, RUNWARDEN_DEPLOYMENT_ID: String(state.deployment?.id ?? "") },
    });
    const { exec } = run;
    const ok = exec.exitCode === 0 && exec.stopped === undefined;
    const how = exec.stopped !== undefined ? exec.stopped.detail : exec.exitCode !== null ? `exit ${exec.exitCode}` : `killed by ${exec.signal ?? "a signal"}`;
    return {
      status: ok ? "success" : "failure",
      detail: `${how} in ${exec.durationMs} ms${exec.leftovers ? " (left processes behind: stopped)" : ""}`,
      value: run,
    };
  });
  state.command = command.value;
  const exec = command.value.exec;
  if (command.status !== "success") {
    const failure = { kind: "command", exec, output: command.value.output } as const;
    if (exec.stopped?.reason === "interrupted") return aborted(`the command was stopped: ${exec.stopped.detail}`, classifyFailure(failure));
    return failed(failure, `the command failed: ${command.detail ?? ""}`);
  }

  if (prepared.postGates.length === 0) {
    await log.mark("gates", "skipped", "no post-deploy gates: the deploy is not verified");
    return success("the command succeeded (no post-deploy gates)");
  }
  const gates = await log.run("gates", async () => {
    const report = await runDeployGates(prepared.postGates, io, signal, (line) => live.write(line));
    for (const event of gateVerdictEvents(report, setup.environment.gates)) deps.note?.(event);
    return {
      status: report.verdict === "pass" ? "success" : report.verdict === "fail" ? "failure" : "error",
      detail: report.verdict === "pass" ? `${report.gates.length} gate(s) passed` : gatesProblem(report),
      value: report,
    };
  });
  if (gates.status === "success") return success(`deployed and verified: ${gates.detail ?? ""}`);
  return failed(
    { kind: "gates", message: `runwarden gate: ${gates.detail ?? ""}`, output: command.value.output },
    `a post-deploy gate ${gates.status === "failure" ? "failed" : "could not decide"}`,
    gates.status === "error",
  );
}

export async function runDeploy(request: DeployRequest, deps: DeployDeps, configFile: string): Promise<DeployResult> {
  const prepared = prepare(request.setup, deps.io, configFile, request.skipIfLive);
  const { io, live } = deps;
  for (const name of prepared.missingSecrets) live.write(`! declared secret ${name} is not set in the environment\n`);
  const stop = new AbortController();
  const signal = deps.signal === undefined ? stop.signal : AbortSignal.any([deps.signal, stop.signal]);
  const lost = () => stop.abort(new Error("lost the environment lock (another holder has it now)"));
  const log = new StageLog(live, deps.history, lost, (text) => io.masker.mask(text));
  const state: Progress = {
    attempt: undefined,
    fence: undefined,
    lease: undefined,
    deployment: undefined,
    guards: [],
    command: undefined,
    holder: undefined,
    runnerGroup: undefined,
    startedAt: io.now(),
    queuedAt: jobQueuedAt(deps.github, request.facts, signal),
  };

  let ending: Ending;
  try {
    ending = await stagesThroughGates(request, deps, prepared, log, state, signal, lost);
  } catch (e: unknown) {
    // Could not run (a store or inventory error mid-way): close what was opened, then report it.
    await finish(request, deps, prepared, log, state, aborted(`runwarden could not go on: ${errorText(e)}`));
    throw e;
  }
  return finish(request, deps, prepared, log, state, ending);
}

async function finish(request: DeployRequest, deps: DeployDeps, prepared: Prepared, log: StageLog, state: Progress, ending: Ending): Promise<DeployResult> {
  const { io } = deps;
  if (state.attempt === undefined && state.lease === undefined) {
    // Ended before the lock (a guard refused, the wait timed out): recorded now, with its outcome, unfenced.
    try {
      state.attempt = await startAttempt(deps.history, request, state);
      if (state.attempt !== undefined) await log.attach(state.attempt);
    } catch (e: unknown) {
      deps.live.write(`! could not record the attempt in history: ${errorText(e)}\n`);
    }
  }
  const deployment = state.deployment;
  if (deployment !== undefined) {
    await log.run("status", async () => {
      try {
        await deployment.finish(
          ending.deploymentState,
          `runwarden: ${ending.outcome}${ending.failureClass === null ? "" : ` (${ending.failureClass})`}`,
          ending.deploymentState === "success" ? prepared.environmentUrl : undefined,
        );
        return { status: "success", detail: ending.deploymentState, value: undefined };
      } catch (e: unknown) {
        return { status: "error", detail: `could not set the deployment status: ${errorText(e)}`, value: undefined };
      }
    });
  }
  for (const name of STAGES) if (name !== "release" && !log.records.some((r) => r.name === name)) await log.mark(name, "skipped");
  const hosts = state.command?.hosts ?? [];
  if (state.attempt !== undefined) {
    // Written under the lease, before it is released: a stale holder's outcome is refused.
    try {
      const written = await deps.history.finish(
        state.attempt,
        {
          outcome: ending.outcome,
          failureClass: ending.failureClass,
          failover: ending.failover,
          deploymentId: deployment?.id,
          hosts: hosts.map(({ status: _status, ...counts }) => counts),
          finishedAt: io.now(),
        },
        state.fence,
      );
      if (written.status === "fenced") deps.live.write("! the outcome was not recorded: the environment lock had passed to another deploy\n");
    } catch (e: unknown) {
      deps.live.write(`! could not record the outcome in history: ${errorText(e)}\n`);
    }
  }
  log.unfence();
  const lease = state.lease;
  if (lease !== undefined) {
    await log.run("release", async () => {
      try {
        const released = await lease.release();
        return released.status === "released"
          ? { status: "success", value: undefined }
          : { status: "error", detail: "the lease had already been lost", value: undefined };
      } catch (e: unknown) {
        return { status: "error", detail: `could not release the lock (it expires after its TTL): ${errorText(e)}`, value: undefined };
      }
    });
  } else await log.mark("release", "skipped");
  const stages = [...log.records].sort((a, b) => STAGES.indexOf(a.name as (typeof STAGES)[number]) - STAGES.indexOf(b.name as (typeof STAGES)[number]));
  const exec = state.command?.exec;
  return {
    environment: request.setup.name,
    sha: request.facts.sha,
    ref: request.facts.ref ?? null,
    outcome: ending.outcome,
    failure_class: ending.failureClass,
    failover: ending.failover,
    reason: io.masker.mask(ending.reason),
    signature: ending.signature,
    stages: stages.map((s) => ({ ...s, ...(s.detail === undefined ? {} : { detail: io.masker.mask(s.detail) }) })),
    hosts,
    deployment_id: deployment?.id ?? null,
    attempt_id: state.attempt ?? null,
    guards: state.guards,
    command:
      exec === undefined
        ? null
        : {
            run: io.masker.mask(prepared.command.run),
            exit_code: exec.exitCode,
            signal: exec.signal,
            duration_ms: exec.durationMs,
            stopped: exec.stopped?.reason ?? null,
            killed: exec.stopped?.killed ?? false,
            log_file: request.logFile,
          },
    lock_holder: state.holder ?? null,
    exit_code: ending.exitCode,
  };
}
