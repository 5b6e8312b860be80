/** `runwarden diagnose --classify`: the failure class of one job, and whether a failover may follow. */
import { InputError, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { connect, loadFor, usageOf } from "../../session.js";
import { classifyReport } from "./render.js";

export interface DiagnoseOptions {
  readonly config: string;
  readonly json: boolean;
  readonly runId?: string;
  readonly job: string;
  readonly classify: boolean;
}

function runIdOf(options: DiagnoseOptions, io: Io): number {
  const text = options.runId ?? io.env.GITHUB_RUN_ID;
  if (text === undefined || text === "") {
    throw new UsageError("which run? give --run-id (inside Actions it defaults to $GITHUB_RUN_ID)");
  }
  if (!/^\d{1,15}$/.test(text)) throw new InputError("RW_BAD_RUN_ID", `--run-id takes a workflow run id (digits), found '${text}'`);
  return Number(text);
}

export async function diagnose(options: DiagnoseOptions, io: Io): Promise<ExitCode> {
  if (!options.classify) {
    throw new UsageError("runwarden diagnose only classifies a failed job so far: add --classify", {
      hint: "the full incident report (fleet state, logs, runner hosts, alerts) is not built yet",
    });
  }
  const runId = runIdOf(options, io);
  const loaded = await loadFor(options.config, io);
  const session = await connect(loaded, options.config, io);
  const { gatherEvidence } = await import("../../../diagnose/evidence.js");
  const { classifyJob } = await import("../../../diagnose/classify.js");
  const evidence = await gatherEvidence(session.client, session.repo, runId, options.job);
  const classification = classifyJob(evidence.facts);
  const { job, facts } = evidence;
  return emitReport(
    io,
    classifyReport({
      ...classification,
      run_id: runId,
      job: { id: job.id, name: job.name, status: job.status, conclusion: job.conclusion, run_attempt: job.run_attempt ?? null, runner_name: job.runner_name, runner_group_name: job.runner_group_name },
      evidence: { annotations: facts.annotations.length, log: facts.log === undefined ? "not read" : facts.log === null ? "missing" : "present", runner: evidence.runnerNote },
      github: usageOf(session.client),
    }),
    { json: options.json },
  );
}
