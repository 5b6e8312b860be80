/**
 * `runwarden preflight --environment E`: the environment's preflight checks, built from runwarden.yml
 * over the real inventory (and GitHub, when a check needs it), run concurrently under one deadline;
 * a table, JSON, or GitHub outputs + step summary + annotations. Exit 0 all pass (warnings allowed),
 * 1 any check failed, 3 when only checks that could not tell stand in the way.
 */
import { InputError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { startProgress } from "../../../output/progress.js";
import { emitReport } from "../../../output/report.js";
import type { PreflightReport } from "../../../preflight/index.js";
import { withInterrupt } from "../../interrupt.js";
import { version } from "../../version.js";
import { type PreflightData, preflightReport } from "./render.js";

export interface PreflightOptions {
  readonly config: string;
  readonly environment: string;
  readonly json: boolean;
  /** The deployed commit for `{{ sha }}`; default `$GITHUB_SHA`. */
  readonly sha?: string;
  /** The whole preflight ends by then (ms). Default 60 s. */
  readonly deadline?: number;
  /** Checks in flight at once. Default 32. */
  readonly concurrency?: number;
  /** Only the checks of this runner host (a job-started hook). */
  readonly local?: boolean;
}

function reportData(environment: string, report: PreflightReport): PreflightData {
  return {
    environment,
    verdict: report.verdict,
    counts: report.counts,
    duration_ms: report.durationMs,
    deadline_ms: report.deadlineMs,
    results: report.results,
  };
}

export async function preflight(options: PreflightOptions, io: Io): Promise<ExitCode> {
  const { loadConfig } = await import("../../../config/load.js");
  const { loadEnvironment, checkContext } = await import("../../../preflight/environment.js");
  const { githubContext, needsGithub } = await import("../../../preflight/github.js");
  const { buildChecks } = await import("../../../checks/factory.js");
  const { runPreflight } = await import("../../../preflight/run.js");

  const loaded = loadConfig(options.config, { cwd: io.cwd });
  const sha = options.sha ?? io.env.GITHUB_SHA;
  const setup = loadEnvironment(loaded, options.environment, sha === undefined ? {} : { sha });
  const { CHECK_SCOPES } = await import("../../../checks/registry.js");
  // --local: what this machine alone can tell; a runner check that asks GitHub (group, labels, version) is left to the deploy.
  const items = setup.environment.preflight.filter((item) => options.local !== true || (CHECK_SCOPES[item.kind] === "runner" && !needsGithub([item])));
  if (items.length === 0 && options.local === true) {
    throw new InputError(
      "RW_NO_CHECKS",
      `environment '${setup.name}' has no preflight check of this runner host: --local would prove nothing`,
      [
        {
          location: { file: options.config },
          path: `environments.${setup.name}.preflight`,
          message: "no disk, memory, load, command, file, systemd or runner check",
        },
      ],
      { hint: "add checks of the runner host (docs/checks.md), e.g. - disk: { path: /, min_free: 5GiB }, or run preflight without --local" },
    );
  }
  if (items.length === 0) {
    throw new InputError(
      "RW_NO_CHECKS",
      `environment '${setup.name}' has no preflight checks: nothing would be proven`,
      [{ location: { file: options.config }, path: `environments.${setup.name}.preflight`, message: "empty or missing" }],
      {
        hint: "add checks under environments.<name>.preflight (docs/checks.md), e.g. - disk: { path: /, min_free: 5GiB }",
      },
    );
  }
  for (const warning of setup.warnings) io.stderr.write(`[WARNING]: ${warning}\n`);
  const minLength = loaded.config.mask.min_secret_length;
  for (const name of new Set([...(setup.environment.deploy?.secrets ?? []), ...loaded.config.mask.secrets])) {
    const value = io.env[name];
    if (value !== undefined && value.trim() !== "") io.masker.addSecret(value, `environment variable ${name}`, { minLength });
  }
  const github = needsGithub(items)
    ? await githubContext(setup, { env: io.env, onSecret: (value, source) => io.masker.addSecret(value, source), userAgent: `runwarden/${version}` })
    : undefined;
  const checks = buildChecks(items, checkContext(setup, { env: io.env, ...(github === undefined ? {} : { github }) }));

  const progress = startProgress(io.stderr, `preflight ${setup.name}: ${checks.length} check(s)`, { quiet: options.json });
  const deadlineMs = options.deadline ?? setup.environment.preflight_deadline;
  let report: PreflightReport;
  try {
    report = await withInterrupt(({ signal }) =>
      runPreflight(checks, {
        signal,
        context: { env: io.env, now: io.now, masker: io.masker },
        ...(deadlineMs === undefined ? {} : { deadlineMs }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        onProgress: (done, total, latest) => progress.update(`${done}/${total} done, last: ${latest.id} ${latest.status}`),
      }),
    );
  } finally {
    progress.done();
  }
  return emitReport(io, preflightReport(reportData(setup.name, report)), { json: options.json });
}
