/** `runwarden report`: reads the deploys of the window (store, or GitHub with --from-github) and judges them against slo:. */
import { environmentOf } from "../../../config/environments.js";
import type { LoadedConfig } from "../../../config/load.js";
import { InputError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import type { Deploy, DeployFolder, SloTarget } from "../../../report/index.js";
import type { GithubSourceEnvironment } from "../../../report/github-source.js";
import { connect, loadFor, usageOf, type GithubUsage } from "../../session.js";
import { reportOf } from "./render.js";

export interface ReportOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  /** The window in milliseconds (default: slo.window). */
  readonly since?: number;
  readonly fromGithub: boolean;
  readonly format: "text" | "markdown";
}

function targetsOf(loaded: LoadedConfig, names: readonly string[]): Map<string, SloTarget> {
  const slo = loaded.config.slo;
  return new Map(
    names.map((name) => {
      const own = environmentOf(loaded, name).slo;
      return [name, { successRate: own?.success_rate ?? slo.success_rate, p95Ms: own?.p95 ?? slo.p95 }];
    }),
  );
}

function workflowsOf(loaded: LoadedConfig, names: readonly string[], io: Io, configPath: string): GithubSourceEnvironment[] {
  return names.map((name) => {
    const route = environmentOf(loaded, name).route;
    const workflow = route.workflow ?? io.env.GITHUB_WORKFLOW_REF;
    if (workflow === undefined || workflow === "") {
      throw new InputError("RW_REPORT_NO_WORKFLOW", `--from-github: environment '${name}' names no deploy workflow`, [], {
        hint: `set environments.${name}.route.workflow in ${configPath} (e.g. .github/workflows/deploy.yml)`,
      });
    }
    return { environment: name, workflow, deployJobs: route.watchdog.deploy_jobs };
  });
}

interface Read {
  readonly source: string;
  readonly deploys: DeployFolder | Deploy[];
  readonly github: GithubUsage | undefined;
}

async function fromStore(loaded: LoadedConfig, names: readonly string[], since: number, io: Io): Promise<Read> {
  const { openStore } = await import("../../../store/index.js");
  const { storeDeploys } = await import("../../../report/store-source.js");
  const store = await openStore(loaded.config.store, { baseDir: loaded.dir, env: io.env });
  try {
    return { source: store.location, deploys: await storeDeploys(store, names, since), github: undefined };
  } finally {
    await store.close();
  }
}

async function fromGithub(loaded: LoadedConfig, options: ReportOptions, names: readonly string[], since: number, io: Io): Promise<Read> {
  const environments = workflowsOf(loaded, names, io, options.config);
  const session = await connect(loaded, options.config, io);
  const { githubAttempts } = await import("../../../report/github-source.js");
  const { deploysOf } = await import("../../../report/deploys.js");
  const read = await githubAttempts({ client: session.client, repo: session.repo, environments, since, until: io.now() });
  const runs = [...read.runs].map(([file, count]) => `${file} (${count} run${count === 1 ? "" : "s"})`).join(", ");
  return { source: `GitHub ${session.repo.owner}/${session.repo.repo}: ${runs}`, deploys: deploysOf(read.attempts), github: usageOf(session.client) };
}

export async function report(options: ReportOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  const names = options.environment === undefined ? Object.keys(loaded.config.environments) : [options.environment];
  const targets = targetsOf(loaded, names);
  const windowMs = options.since ?? loaded.config.slo.window;
  const until = io.now();
  const since = until - windowMs;
  const read = options.fromGithub ? await fromGithub(loaded, options, names, since, io) : await fromStore(loaded, names, since, io);
  const { computeReport } = await import("../../../report/index.js");
  const environments = computeReport({ environments: names, targets, windowMs, deploys: read.deploys });
  const data = { source: read.source, since: new Date(since).toISOString(), until: new Date(until).toISOString(), window_ms: windowMs, environments };
  return emitReport(io, reportOf(data, options.format, read.github), { json: options.json });
}
