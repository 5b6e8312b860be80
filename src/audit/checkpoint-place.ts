/**
 * Where checkpoints live: a file (one JSON object per line, appended through the masked `Io`) or
 * a second store (`rw_audit_checkpoints`). Never the chain's own store: a checkpoint next to the
 * chain it vouches for can be truncated or rewritten with it.
 */
import { FileReadError, readBoundedTextSync } from "../files/read.js";
import { InputError } from "../model/errors.js";
import type { FileWriter } from "../output/io.js";
import { StoreError } from "../store/errors.js";
import type { Store } from "../store/types.js";
import { checkpointLine, parseCheckpoint, parseCheckpointFile, type LocatedCheckpoint, type SignedCheckpoint } from "./checkpoint.js";

/** Largest checkpoint file read (a checkpoint line is ~250 bytes: 64 MiB is ~250,000 checkpoints). */
export const MAX_CHECKPOINT_FILE_BYTES = 64 * 1024 * 1024;

export interface CheckpointPlace {
  /** For messages: the file path, or the store's location. */
  readonly description: string;
  append(checkpoint: SignedCheckpoint): Promise<void>;
  /** The chain's checkpoints. `required`: a missing file is an error rather than "none yet". */
  read(chain: string, required: boolean): Promise<LocatedCheckpoint[]>;
  close(): Promise<void>;
}

export function fileCheckpoints(path: string, files: FileWriter): CheckpointPlace {
  return {
    description: path,
    append(checkpoint) {
      files.append(path, checkpointLine(checkpoint));
      return Promise.resolve();
    },
    read(chain, required) {
      let text: string;
      try {
        text = readBoundedTextSync(path, { maxBytes: MAX_CHECKPOINT_FILE_BYTES });
      } catch (err: unknown) {
        if (err instanceof FileReadError && err.reason === "missing" && !required) return Promise.resolve([]);
        if (err instanceof FileReadError && (err.reason === "not-regular" || err.reason === "too-large")) {
          throw new InputError("RW_AUDIT_CHECKPOINTS_INVALID", err.message, [{ location: { file: path }, message: err.message }]);
        }
        throw new StoreError(`cannot read the checkpoints: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
          hint: "check the path (audit.checkpoints or --checkpoints) and that this user may read it",
        });
      }
      return Promise.resolve(parseCheckpointFile(text, path).filter((c) => c.checkpoint.chain === chain));
    },
    close: () => Promise.resolve(),
  };
}

interface CheckpointRow {
  readonly id: number;
  readonly chain: string;
  readonly size: number;
  readonly head_hash: string;
  readonly ts: string;
  readonly key_id: string;
  readonly signature: string;
}

/** Checkpoints in a second store, opened with `AUDIT_MIGRATIONS`. Closing the place closes it. */
export function storeCheckpoints(store: Store): CheckpointPlace {
  return {
    description: store.location,
    async append(checkpoint) {
      await store.transaction((tx) =>
        tx.sql.run("INSERT INTO rw_audit_checkpoints (chain, size, head_hash, ts, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)", [
          checkpoint.chain,
          checkpoint.size,
          checkpoint.head_hash,
          checkpoint.ts,
          checkpoint.key_id,
          checkpoint.signature,
        ]),
      );
    },
    async read(chain) {
      const rows = await store.transaction((tx) =>
        tx.sql.all<CheckpointRow>("SELECT id, chain, size, head_hash, ts, key_id, signature FROM rw_audit_checkpoints WHERE chain = ? ORDER BY id", [chain]),
      );
      return rows.map((row) => {
        const parsed = parseCheckpoint({ ...row, size: Number(row.size) });
        const location = `${store.location} checkpoint ${Number(row.id)}`;
        if (typeof parsed === "string") {
          throw new InputError("RW_AUDIT_CHECKPOINTS_INVALID", `${location}: ${parsed}`, [{ location: { file: store.location }, message: parsed }]);
        }
        return { checkpoint: parsed, location };
      });
    },
    close: () => store.close(),
  };
}
