/** What every `audit` subcommand opens: the config, the store with the audit tables, the checkpoint place. */
import { isAbsolute, resolve } from "node:path";
import { fileCheckpoints, storeCheckpoints, type CheckpointPlace } from "../../../audit/checkpoint-place.js";
import { AUDIT_MIGRATIONS } from "../../../audit/migrations.js";
import type { LoadedConfig } from "../../../config/load.js";
import type { CheckpointTarget } from "../../../config/schema/audit.js";
import { InputError, UsageError } from "../../../model/errors.js";
import { parseDuration } from "../../../model/duration.js";
import type { Io } from "../../../output/io.js";
import { openStore } from "../../../store/open.js";
import type { Store } from "../../../store/types.js";
import { loadFor } from "../../session.js";

export interface Opened {
  readonly loaded: LoadedConfig;
  readonly store: Store;
}

export async function openAuditStore(configPath: string, io: Io): Promise<Opened> {
  const loaded = await loadFor(configPath, io);
  const store = await openStore(loaded.config.store, { migrations: [AUDIT_MIGRATIONS], env: io.env, baseDir: loaded.dir });
  return { loaded, store };
}

/** The checkpoint place of `--checkpoints PATH` (required to exist) or of `audit.checkpoints`. */
export async function checkpointPlace(opened: Opened, io: Io, flag: string | undefined): Promise<{ place: CheckpointPlace; required: boolean } | undefined> {
  if (flag !== undefined) return { place: fileCheckpoints(resolve(io.cwd, flag), io.files), required: true };
  const target: CheckpointTarget | undefined = opened.loaded.config.audit.checkpoints;
  if (target === undefined) return undefined;
  if (target.kind === "file") return { place: fileCheckpoints(isAbsolute(target.path) ? target.path : resolve(opened.loaded.dir, target.path), io.files), required: false };
  const second = await openStore(target.store, { migrations: [AUDIT_MIGRATIONS], env: io.env, baseDir: opened.loaded.dir });
  if (second.location === opened.store.location) {
    await second.close();
    throw new InputError("RW_AUDIT_CHECKPOINTS_SAME_STORE", "audit.checkpoints names the store that holds the chain", [{ location: { file: opened.loaded.file }, path: "audit.checkpoints", message: "the same store as store:" }], {
      hint: "checkpoints must live somewhere else (a file on other storage, or a second database) or they can be rewritten with the chain",
    });
  }
  return { place: storeCheckpoints(second), required: false };
}

/** `--since`: a duration back from now (`24h`) or an ISO 8601 date or time (`2025-05-01`, `2025-05-01T12:00:00Z`). */
export function sinceOption(text: string | undefined, now: number): string | undefined {
  if (text === undefined) return undefined;
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now - ago).toISOString();
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return new Date(at).toISOString();
  }
  throw new UsageError(`--since takes a duration back from now (24h, 90m) or an ISO 8601 date or time (2025-05-01, 2025-05-01T12:00:00Z), not '${text}'`);
}
