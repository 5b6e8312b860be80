/**
 * How acting commands write to the audit chain.
 *
 *   const audit = createAuditContext({ masker: io.masker, keys, checkpoints });
 *   await recordAudit(store, event, audit);              // its own transaction
 *
 *   // or atomically with the action it records:
 *   const entry = await store.transaction(async (tx) => {
 *     await tx.history.finish(id, result, fence);
 *     return appendAudit(tx, event, audit);
 *   });
 *   await checkpointIfDue(store, entry, audit);          // after the commit, never inside it
 *   …
 *   await checkpointAudit(store, audit);                 // at the end of each deploy
 *
 * Events are masked before they are hashed or stored. A checkpoint is only ever signed over a
 * committed head, so a rolled-back transaction can never leave a checkpoint behind.
 */
import type { KeyObject } from "node:crypto";
import type { Masker } from "../mask/index.js";
import { InputError } from "../model/errors.js";
import type { Store, StoreTx } from "../store/types.js";
import { appendEntry, DEFAULT_CHAIN, readHead } from "./chain-sql.js";
import { signCheckpoint, type SignedCheckpoint } from "./checkpoint.js";
import type { CheckpointPlace } from "./checkpoint-place.js";
import { EntryHasher, type StoredEntry } from "./entry.js";
import { groupAppend } from "./group-commit.js";
import type { AuditEvent } from "./events.js";
import type { AuditKeys } from "./keys.js";
import { canonicalEvent } from "./prepare.js";

/** Entries between two periodic checkpoints, unless `audit.checkpoint_every` says otherwise. */
export const DEFAULT_CHECKPOINT_EVERY = 1000;

export interface CheckpointWriter {
  readonly place: CheckpointPlace;
  readonly every: number;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface AuditContext {
  readonly chain: string;
  readonly masker: Masker;
  readonly hasher: EntryHasher;
  readonly now: () => number;
  /** Undefined: no checkpoints are written (verify then cannot see truncation or a rewrite). */
  readonly checkpoints: CheckpointWriter | undefined;
}

export interface AuditContextOptions {
  readonly masker: Masker;
  readonly keys: AuditKeys;
  readonly chain?: string;
  readonly now?: () => number;
  /** Where checkpoints go; requires `keys.signingKey`. */
  readonly checkpoints?: { readonly place: CheckpointPlace; readonly every?: number };
}

/** Checks the pieces fit (fail closed: a configured checkpoint place without a key is refused). */
export function createAuditContext(options: AuditContextOptions): AuditContext {
  const { keys } = options;
  let checkpoints: CheckpointWriter | undefined;
  if (options.checkpoints !== undefined) {
    if (keys.signingKey === undefined || keys.publicKey === undefined) {
      throw new InputError(
        "RW_AUDIT_SIGNING_KEY_REQUIRED",
        `audit checkpoints go to ${options.checkpoints.place.description}, but RUNWARDEN_AUDIT_SIGNING_KEY is not set`,
        [],
        {
          hint: "create a key pair with `runwarden audit keygen` and give the private key to this job as RUNWARDEN_AUDIT_SIGNING_KEY",
        },
      );
    }
    checkpoints = {
      place: options.checkpoints.place,
      every: options.checkpoints.every ?? DEFAULT_CHECKPOINT_EVERY,
      privateKey: keys.signingKey,
      publicKey: keys.publicKey,
    };
  } else if (keys.signingKey !== undefined) {
    throw new InputError("RW_AUDIT_CHECKPOINTS_REQUIRED", "RUNWARDEN_AUDIT_SIGNING_KEY is set, but audit.checkpoints names no place for the checkpoints", [], {
      hint: "set audit.checkpoints in runwarden.yml to a file path or a second store (sqlite:PATH, postgres://…)",
    });
  }
  return {
    chain: options.chain ?? DEFAULT_CHAIN,
    masker: options.masker,
    hasher: new EntryHasher(keys.hmacKey),
    now: options.now ?? Date.now,
    checkpoints,
  };
}

function timestamp(ctx: AuditContext): string {
  return new Date(ctx.now()).toISOString();
}

/** Appends inside the caller's transaction: the entry commits or rolls back with the action. */
export function appendAudit(tx: StoreTx, event: AuditEvent, ctx: AuditContext): Promise<StoredEntry> {
  return appendEntry(tx, ctx.chain, timestamp(ctx), canonicalEvent(event, ctx.masker), ctx.hasher);
}

/**
 * Records one event in its own transaction — shared with appends to the same chain that arrive
 * meanwhile in this process (group commit, group-commit.ts) — then writes a checkpoint if one is due.
 * Resolves once the entry is committed.
 */
export async function recordAudit(store: Store, event: AuditEvent, ctx: AuditContext): Promise<StoredEntry> {
  const entry = await groupAppend(store, ctx.chain, { ts: timestamp(ctx), event: canonicalEvent(event, ctx.masker), hasher: ctx.hasher });
  await checkpointIfDue(store, entry, ctx);
  return entry;
}

/** After the commit of an `appendAudit`: a checkpoint every `every` entries. */
export async function checkpointIfDue(store: Store, entry: StoredEntry, ctx: AuditContext): Promise<SignedCheckpoint | undefined> {
  if (ctx.checkpoints === undefined || entry.seq % ctx.checkpoints.every !== 0) return undefined;
  return checkpointAudit(store, ctx);
}

/** Signs the committed head and writes it to the checkpoint place (undefined: none configured, or an empty chain). */
export async function checkpointAudit(store: Store, ctx: AuditContext): Promise<SignedCheckpoint | undefined> {
  const writer = ctx.checkpoints;
  if (writer === undefined) return undefined;
  const head = await store.transaction((tx) => readHead(tx.sql, ctx.chain));
  if (head === undefined) return undefined;
  const checkpoint = signCheckpoint(ctx.chain, { size: head.seq, head_hash: head.hash, ts: timestamp(ctx) }, writer.privateKey, writer.publicKey);
  await writer.place.append(checkpoint);
  return checkpoint;
}
