/** What every `audit` subcommand opens: the config, the store with the audit tables, the checkpoint place. */
import type { CheckpointPlace } from "../../../audit/checkpoint-place.js";
import { AUDIT_MIGRATIONS } from "../../../audit/migrations.js";
import type { LoadedConfig } from "../../../config/load.js";
import { UsageError } from "../../../model/errors.js";
import { parseDuration } from "../../../model/duration.js";
import type { Io } from "../../../output/io.js";
import { openStore } from "../../../store/open.js";
import type { Store } from "../../../store/types.js";
import { checkpointPlace as sharedCheckpointPlace } from "../../audit-writer.js";
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
  return sharedCheckpointPlace(opened.loaded, opened.store, io, flag);
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
