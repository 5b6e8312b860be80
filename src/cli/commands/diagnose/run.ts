/** `runwarden diagnose`: the incident report, or with `--classify` one job's failure class. */
import { InputError, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { withInterrupt } from "../../interrupt.js";
import { connect, loadFor, usageOf, type Session } from "../../session.js";
import { classifyReport } from "./render-classify.js";
import { bundleFiles, incidentReport } from "./render.js";

export interface DiagnoseOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly run?: string;
  readonly runId?: string;
  readonly job?: string;
  readonly since: number;
  readonly budget: number;
  readonly bundle?: string;
  readonly classify: boolean;
}

function runIdOf(text: string | undefined, flag: string): number | undefined {
  if (text === undefined || text === "") return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new InputError("RW_BAD_RUN_ID", `${flag} takes a workflow run id (digits), found '${text}'`);
  return Number(text);
}

async function classify(options: DiagnoseOptions, io: Io): Promise<ExitCode> {
  const runId = runIdOf(options.runId ?? options.run ?? io.env.GITHUB_RUN_ID, "--run-id");
  if (runId === undefined) throw new UsageError("which run? give --run-id (inside Actions it defaults to $GITHUB_RUN_ID)");
  if (options.job === undefined) throw new UsageError("--classify needs --job: the job's name in the run, e.g. deploy-primary");
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
      job: {
        id: job.id,
        name: job.name,
        status: job.status,
        conclusion: job.conclusion,
        run_attempt: job.run_attempt ?? null,
        runner_name: job.runner_name,
        runner_group_name: job.runner_group_name,
      },
      evidence: {
        annotations: facts.annotations.length,
        log: facts.log === undefined ? "not read" : facts.log === null ? "missing" : "present",
        runner: evidence.runnerNote,
      },
      github: usageOf(session.client),
    }),
    { json: options.json },
  );
}

export async function diagnose(options: DiagnoseOptions, io: Io): Promise<ExitCode> {
  if (options.classify) return classify(options, io);
  const loaded = await loadFor(options.config, io);
  const names = Object.keys(loaded.config.environments);
  const environment = options.environment ?? (names.length === 1 ? names[0] : undefined);
  if (environment === undefined) throw new UsageError(`which environment? give --environment (${names.join(", ")})`);
  const runId = runIdOf(options.run ?? options.runId, "--run");
  // The declared secrets (deploy.secrets, mask.secrets) are masked before anything is collected.
  const config = loaded.config;
  for (const name of new Set([...(config.environments[environment]?.deploy?.secrets ?? []), ...config.mask.secrets])) {
    const value = io.env[name];
    if (value !== undefined && value.trim() !== "") io.masker.addSecret(value, `environment variable ${name}`, { minLength: config.mask.min_secret_length });
  }
  let session: Session | undefined;
  let unavailable: string | undefined;
  try {
    session = await connect(loaded, options.config, io);
  } catch (e: unknown) {
    // Without GitHub the host, targets, monitoring and history are still worth reading; the report says GitHub is missing (exit 3).
    if (!(e instanceof InputError)) throw e;
    unavailable = e.message;
  }
  const { diagnoseIncident } = await import("../../../diagnose/incident.js");
  const report = await withInterrupt(({ signal }) =>
    diagnoseIncident({
      loaded,
      environment,
      runId,
      job: options.job,
      sinceMs: options.since,
      budgetMs: options.budget,
      github: session === undefined ? undefined : { client: session.client, repo: session.repo },
      ...(unavailable === undefined ? {} : { githubUnavailable: unavailable }),
      env: io.env,
      now: () => io.now(),
      signal,
    }),
  );
  const github = session === undefined ? null : usageOf(session.client);
  let bundle: { path: string; files: number } | null = null;
  if (options.bundle !== undefined) {
    const { resolve } = await import("node:path");
    const { writeBundle } = await import("../../../diagnose/bundle.js");
    const path = resolve(io.cwd, options.bundle);
    const manifest = writeBundle(io, path, bundleFiles(report));
    bundle = { path, files: manifest.files.length + 1 };
  }
  return emitReport(io, incidentReport({ ...report, github, bundle }), { json: options.json });
}
