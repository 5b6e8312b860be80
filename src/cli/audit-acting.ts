/**
 * The audit entries of the acting commands that record outside a deploy's transaction — route,
 * gate, watchdog (docs/audit.md, "What is recorded"). They are written before the command prints
 * its result: a decision that could not be recorded is not handed to the workflow (exit 3).
 */
import type { AuditEvent, AuditSubject } from "../audit/events.js";
import type { LoadedConfig } from "../config/load.js";
import type { Env, Io } from "../output/io.js";

function set(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function count(value: string | undefined): number | undefined {
  const n = Number(set(value));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * Who, what, where, from the default variables of the GitHub Actions job the command runs in
 * (https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables):
 * actor, repository, commit, ref, run id and attempt, workflow ref, runner name; the runner group
 * runwarden routed to, when `route` set it for the job (`RUNWARDEN_RUNNER_GROUP`).
 */
export function subjectFromEnv(env: Env, environment?: string): AuditSubject {
  const fields: Record<string, string | number | undefined> = {
    actor: set(env.GITHUB_ACTOR),
    repository: set(env.GITHUB_REPOSITORY),
    sha: set(env.GITHUB_SHA),
    ref: set(env.GITHUB_REF),
    environment,
    run_id: count(env.GITHUB_RUN_ID),
    run_attempt: count(env.GITHUB_RUN_ATTEMPT),
    workflow: set(env.GITHUB_WORKFLOW_REF),
    runner: set(env.RUNNER_NAME),
    runner_group: set(env.RUNWARDEN_RUNNER_GROUP),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as AuditSubject;
}

/**
 * Appends the events to the chain of the configured store (`store:`, SQLite by default), committed
 * before this resolves — together, in one transaction, through the chain's group commit — with a
 * checkpoint when one is due.
 */
export async function recordActing(loaded: LoadedConfig, io: Io, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { openStore } = await import("../store/open.js");
  const { AUDIT_MIGRATIONS, openAuditWriter } = await import("./audit-writer.js");
  const { recordAudit } = await import("../audit/record.js");
  const store = await openStore(loaded.config.store, { migrations: [AUDIT_MIGRATIONS], baseDir: loaded.dir, env: io.env });
  try {
    const writer = await openAuditWriter(loaded, store, io);
    try {
      await Promise.all(events.map((event) => recordAudit(store, event, writer.ctx)));
    } finally {
      await writer.close();
    }
  } finally {
    await store.close();
  }
}
