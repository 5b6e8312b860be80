/**
 * `runwarden deploy`: loads the environment, connects to GitHub and the store, picks the
 * environment lock's backend (`deploy.lock`: the store's database, or a Git ref on GitHub), and runs
 * the pipeline (src/pipeline) — or, with --dry-run, plans it. The result is rendered by render.ts.
 */
import { join, resolve } from "node:path";
import { InputError, RunwardenError, UnreachableError, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import type { GithubAccess, RunFacts } from "../../../pipeline/types.js";
import type { LockBackend, Store } from "../../../store/types.js";
import { withInterrupt } from "../../interrupt.js";
import { connect, loadFor } from "../../session.js";
import { deployReport, planReport } from "./render.js";

export interface DeployOptions {
  readonly config: string;
  readonly environment: string;
  readonly json: boolean;
  readonly sha?: string;
  readonly ref?: string;
  readonly dryRun: boolean;
  readonly skipIfLive: boolean;
  readonly logFile?: string;
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function runFacts(options: DeployOptions, io: Io, sha: string): RunFacts {
  const env = io.env;
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? "1");
  const routedGroup = set(env.RUNWARDEN_RUNNER_GROUP);
  return {
    sha,
    ref: set(options.ref) ?? set(env.GITHUB_REF),
    event: set(env.GITHUB_EVENT_NAME),
    runnerName: set(env.RUNNER_NAME),
    runId: set(env.GITHUB_RUN_ID) ?? "local",
    runAttempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
    actor: set(env.GITHUB_ACTOR) ?? set(env.USER) ?? "unknown",
    serverUrl: set(env.GITHUB_SERVER_URL) ?? "https://github.com",
    repository: set(env.GITHUB_REPOSITORY),
    ...(routedGroup === undefined ? {} : { routedGroup }),
  };
}

async function githubAccess(loaded: Awaited<ReturnType<typeof loadFor>>, config: string, io: Io): Promise<GithubAccess> {
  try {
    const session = await connect(loaded, config, io);
    return { client: session.client, repo: session.repo };
  } catch (e: unknown) {
    // Credentials or repository missing is bad input (exit 2); anything else: the guards could not tell.
    if (e instanceof RunwardenError && !(e instanceof InputError)) return { unavailable: e.message };
    throw e;
  }
}

function defaultLogFile(io: Io, dir: string, environment: string, facts: RunFacts): string {
  const base = set(io.env.RUNNER_TEMP) ?? join(dir, ".runwarden", "logs");
  const stamp = new Date(io.now()).toISOString().replace(/[:.]/g, "-");
  return join(base, `deploy-${environment}-${facts.runId}-${facts.runAttempt}-${stamp}.log`);
}

/** The environment lock's backend: the store's own (default), or a Git ref when `deploy.lock: github`. */
async function lockBackend(kind: "store" | "github", store: Store, github: GithubAccess): Promise<LockBackend> {
  if (kind === "store") return store.locks;
  if ("unavailable" in github) {
    // Fail closed: no GitHub, no lock, no deploy (exit 3).
    const why = `deploy.lock is github, and GitHub cannot be reached: ${github.unavailable}`;
    return {
      kind: "github",
      acquire: () => Promise.reject(new UnreachableError(why)),
      holder: () => Promise.resolve(undefined),
    };
  }
  const { githubLock } = await import("../../../store/lock-github.js");
  return githubLock({ client: github.client, repo: github.repo, store });
}

export async function deploy(options: DeployOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  const sha = set(options.sha) ?? set(io.env.GITHUB_SHA);
  if (sha === undefined) throw new UsageError("which commit? pass --sha COMMIT, or run where GITHUB_SHA is set");
  const { loadEnvironment } = await import("../../../preflight/environment.js");
  const setup = loadEnvironment(loaded, options.environment, { sha });
  for (const warning of setup.warnings) io.stderr.write(`[WARNING]: ${warning}\n`);
  const deployConfig = setup.environment.deploy;
  const facts = runFacts(options, io, sha);
  const request = {
    setup,
    facts,
    skipIfLive: options.skipIfLive,
    logFile: options.logFile === undefined ? defaultLogFile(io, loaded.dir, setup.name, facts) : resolve(io.cwd, options.logFile),
    lockTtlMs: deployConfig?.lock_ttl ?? 60_000,
    lockTimeoutMs: deployConfig?.lock_timeout ?? 600_000,
  };
  const github = await githubAccess(loaded, options.config, io);
  const { openStore } = await import("../../../store/index.js");
  const { AUDIT_MIGRATIONS, auditedHistory, openAuditWriter } = await import("../../audit-writer.js");
  const store = await openStore(loaded.config.store, { migrations: [AUDIT_MIGRATIONS], baseDir: loaded.dir, env: io.env });
  let audit: Awaited<ReturnType<typeof openAuditWriter>> | undefined;
  try {
    audit = await openAuditWriter(loaded, store, io);
    const locks = await lockBackend(deployConfig?.lock ?? "store", store, github);
    if (options.dryRun) {
      const { planDeploy } = await import("../../../pipeline/plan.js");
      const plan = await withInterrupt(({ signal }) => planDeploy(request, { io, github, locks, signal }, options.config));
      return emitReport(io, planReport(plan), { json: options.json });
    }
    const { runDeploy } = await import("../../../pipeline/run.js");
    const live = options.json ? io.stderr : io.stdout;
    // Every attempt's outcome and its audit entry are written in one transaction (docs/audit.md).
    const history = auditedHistory(store, audit, { actor: facts.actor, ...(facts.repository === undefined ? {} : { repository: facts.repository }) });
    const result = await withInterrupt(({ signal }) => runDeploy(request, { io, live, github, history, locks, signal, note: history.note }, options.config));
    await audit.checkpoint();
    return emitReport(io, deployReport(result), { json: options.json });
  } finally {
    await audit?.close();
    await store.close();
  }
}
