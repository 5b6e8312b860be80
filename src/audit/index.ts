/**
 * The tamper-evident audit trail (docs/audit.md): a hash chain of masked events in the store,
 * Ed25519-signed checkpoints kept elsewhere, and a streaming verifier.
 *
 * Writers: `createAuditContext` once, then `recordAudit` (own transaction) or `appendAudit`
 * (inside the caller's) + `checkpointIfDue`; `checkpointAudit` at the end of each deploy.
 * Open the store with `migrations: [AUDIT_MIGRATIONS]`.
 */
export type * from "./events.js";
export { AUDIT_EVENT_TYPES, SUBJECT_FIELDS } from "./events.js";
export { AUDIT_MIGRATIONS } from "./migrations.js";
export { DEFAULT_CHAIN } from "./chain-sql.js";
export { GENESIS_PREV, EntryHasher, entryText, toRecord, type StoredEntry, type AuditRecord, type HashAlg } from "./entry.js";
export { readAuditKeys, generateAuditKeyPair, keyId, type AuditKeys, type GeneratedKeyPair } from "./keys.js";
export { signCheckpoint, checkSignature, checkpointText, type Checkpoint, type SignedCheckpoint, type LocatedCheckpoint } from "./checkpoint.js";
export { fileCheckpoints, storeCheckpoints, type CheckpointPlace } from "./checkpoint-place.js";
export {
  createAuditContext,
  appendAudit,
  recordAudit,
  checkpointIfDue,
  checkpointAudit,
  DEFAULT_CHECKPOINT_EVERY,
  type AuditContext,
  type AuditContextOptions,
} from "./record.js";
export { verifyChain, type ChainVerdict, type VerifyChainOptions } from "./verify.js";
export type { BreakReason, ChainBreak, VerifySummary } from "./verifier.js";
