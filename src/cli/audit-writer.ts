/**
 * What acting commands (deploy; route, watchdog and gate to follow) need to write the audit trail:
 * the checkpoint place from runwarden.yml, the audit context (keys from the environment), and a deploy
 * history whose final write appends the `deploy.attempt` entry in the same transaction (docs/audit.md).
 * The `audit` commands read the same checkpoint place from here.
 */
import { isAbsolute, resolve } from "node:path";
import { fileCheckpoints, storeCheckpoints, type CheckpointPlace } from "../audit/checkpoint-place.js";
import type { AuditEvent, AuditSubject, DeployAttemptEvent, DeployStage, StageOutcome } from "../audit/events.js";
import { AUDIT_MIGRATIONS } from "../audit/migrations.js";
import { appendAudit, checkpointAudit, checkpointIfDue, createAuditContext, type AuditContext } from "../audit/record.js";
import type { StoredEntry } from "../audit/entry.js";
import { readAuditKeys } from "../audit/keys.js";
import type { LoadedConfig } from "../config/load.js";
import type { CheckpointTarget } from "../config/schema/audit.js";
import { InputError } from "../model/errors.js";
import type { Io } from "../output/io.js";
import { openStore } from "../store/open.js";
import type { AttemptFinish, AttemptStart, DeployHistory, DeployOutcome, StageRecord, StageStatus, Store } from "../store/types.js";

export { AUDIT_MIGRATIONS };

/** Where checkpoints go: `--checkpoints PATH` (`flag`), else `audit.checkpoints`; a second store is opened here. */
export async function checkpointPlace(
  loaded: LoadedConfig,
  store: Store,
  io: Io,
  flag: string | undefined,
): Promise<{ place: CheckpointPlace; required: boolean; close?: () => Promise<void> } | undefined> {
  if (flag !== undefined) return { place: fileCheckpoints(resolve(io.cwd, flag), io.files), required: true };
  const target: CheckpointTarget | undefined = loaded.config.audit.checkpoints;
  if (target === undefined) return undefined;
  if (target.kind === "file")
    return { place: fileCheckpoints(isAbsolute(target.path) ? target.path : resolve(loaded.dir, target.path), io.files), required: false };
  const second = await openStore(target.store, { migrations: [AUDIT_MIGRATIONS], env: io.env, baseDir: loaded.dir });
  if (second.location === store.location) {
    await second.close();
    throw new InputError(
      "RW_AUDIT_CHECKPOINTS_SAME_STORE",
      "audit.checkpoints names the store that holds the chain",
      [{ location: { file: loaded.file }, path: "audit.checkpoints", message: "the same store as store:" }],
      { hint: "checkpoints must live somewhere else (a file on other storage, or a second database) or they can be rewritten with the chain" },
    );
  }
  return { place: storeCheckpoints(second), required: false, close: () => second.close() };
}

export interface AuditWriter {
  readonly ctx: AuditContext;
  /** A checkpoint now (the end of each deploy), when checkpoints are configured. */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** The audit context of a command that acts on production (keys from the environment, checkpoints from the config). */
export async function openAuditWriter(loaded: LoadedConfig, store: Store, io: Io): Promise<AuditWriter> {
  const keys = readAuditKeys(io.env, io.masker, loaded.config.audit.public_key);
  const target = await checkpointPlace(loaded, store, io, undefined);
  const ctx = createAuditContext({
    masker: io.masker,
    keys,
    now: io.now,
    ...(target === undefined ? {} : { checkpoints: { place: target.place, every: loaded.config.audit.checkpoint_every } }),
  });
  return {
    ctx,
    checkpoint: async () => {
      if (target !== undefined) await checkpointAudit(store, ctx);
    },
    close: async () => {
      await target?.close?.();
    },
  };
}

const STAGE_OUTCOME: Readonly<Record<StageStatus, StageOutcome>> = {
  success: "ok",
  failure: "failed",
  skipped: "skipped",
  error: "failed",
  refused: "refused",
};
const ATTEMPT_OUTCOME: Readonly<Record<DeployOutcome, DeployAttemptEvent["outcome"]>> = {
  success: "succeeded",
  skipped: "succeeded",
  failure: "failed",
  refused: "refused",
  aborted: "cancelled",
};

/**
 * The store's deploy history, with the final write of each attempt and its `deploy.attempt` audit entry
 * committed in one transaction: an outcome is never recorded without its entry, nor the reverse.
 */
export function auditedHistory(
  store: Store,
  writer: AuditWriter,
  subject: Pick<DeployAttemptEvent, "actor" | "repository" | "workflow">,
): DeployHistory & { note(event: AuditEvent): void } {
  const history = store.history;
  const starts = new Map<number, { start: AttemptStart; at: number }>();
  const stages = new Map<number, DeployStage[]>();
  const notes: AuditEvent[] = [];
  const subjectOf = (start: AttemptStart | undefined): AuditSubject => ({
    ...subject,
    ...(start === undefined
      ? {}
      : {
          environment: start.environment,
          sha: start.sha,
          ...(start.ref === undefined || start.ref === "" ? {} : { ref: start.ref }),
          ...(Number.isSafeInteger(Number(start.runId)) ? { run_id: Number(start.runId) } : {}),
          run_attempt: start.runAttempt,
          ...(start.runner === undefined || start.runner === "" ? {} : { runner: start.runner }),
          ...(start.runnerGroup === undefined ? {} : { runner_group: start.runnerGroup }),
        }),
  });
  const event = (id: number, finish: AttemptFinish): DeployAttemptEvent => {
    const begun = starts.get(id);
    return {
      type: "deploy.attempt",
      ...subjectOf(begun?.start),
      ...(begun === undefined ? {} : { duration_ms: Math.max(0, finish.finishedAt - begun.at) }),
      outcome: ATTEMPT_OUTCOME[finish.outcome],
      stages: stages.get(id) ?? [],
      failure_class: finish.failureClass,
      hosts: finish.hosts,
      ...(finish.deploymentId === undefined ? {} : { deployment_id: finish.deploymentId }),
    };
  };
  return {
    start: async (start, fence) => {
      const written = await history.start(start, fence);
      if (written.status === "written") starts.set(written.id, { start, at: start.startedAt });
      return written;
    },
    attachFence: (id, fence) => history.attachFence(id, fence),
    stage: async (id: number, stage: StageRecord, fence) => {
      const written = await history.stage(id, stage, fence);
      if (written.status === "written") {
        const list = stages.get(id) ?? [];
        list.push({
          name: stage.name,
          outcome: STAGE_OUTCOME[stage.status],
          duration_ms: stage.durationMs,
          ...(stage.detail === undefined ? {} : { detail: stage.detail }),
        });
        stages.set(id, list);
      }
      return written;
    },
    finish: async (id, finish, fence) => {
      const noted = notes.splice(0).map((note) => ({ ...subjectOf(starts.get(id)?.start), ...note }) as AuditEvent);
      const result = await store.transaction(async (tx) => {
        const written = await tx.history.finish(id, finish, fence);
        // The notes (guards, lock, gates) are recorded even when a stale holder's outcome is refused.
        const entries: StoredEntry[] = [];
        for (const note of noted) entries.push(await appendAudit(tx, note, writer.ctx));
        if (written.status === "written") entries.push(await appendAudit(tx, event(id, finish), writer.ctx));
        return { written, entries };
      });
      for (const entry of result.entries) await checkpointIfDue(store, entry, writer.ctx);
      return result.written;
    },
    note: (note) => {
      notes.push(note);
    },
    list: (query) => history.list(query),
    get: (id) => history.get(id),
  };
}
