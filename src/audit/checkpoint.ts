/**
 * Signed checkpoints: `{size, head_hash, ts}` signed with Ed25519 over its RFC 8785 canonical
 * JSON, kept somewhere other than the chain so that truncating the tail or rewriting the whole
 * chain shows up against the last checkpoint (the way CT logs and CloudTrail digests work).
 */
import canonicalize from "canonicalize";
import { sign, verify, type KeyObject } from "node:crypto";
import { InputError, type Problem } from "../model/errors.js";
import { keyId } from "./keys.js";

export interface Checkpoint {
  /** Number of entries covered: the chain's seq 1…size. */
  readonly size: number;
  /** Stored hash of entry `size`. */
  readonly head_hash: string;
  readonly ts: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The chain it covers (not signed: the head hash already ties it to one chain). */
  readonly chain: string;
  /** `keyId` of the public key that verifies it. */
  readonly key_id: string;
  /** Base64 Ed25519 signature over `checkpointText`. */
  readonly signature: string;
}

/** Where a checkpoint was read from, for messages: `file:line` or `store`. */
export interface LocatedCheckpoint {
  readonly checkpoint: SignedCheckpoint;
  readonly location: string;
}

/** The signed bytes: canonical JSON of `{head_hash, size, ts}`. */
export function checkpointText(checkpoint: Checkpoint): string {
  return canonicalize({ size: checkpoint.size, head_hash: checkpoint.head_hash, ts: checkpoint.ts }) ?? "";
}

export function signCheckpoint(chain: string, checkpoint: Checkpoint, privateKey: KeyObject, publicKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, Buffer.from(checkpointText(checkpoint), "utf8"), privateKey).toString("base64");
  return { chain, size: checkpoint.size, head_hash: checkpoint.head_hash, ts: checkpoint.ts, key_id: keyId(publicKey), signature };
}

/** Why a checkpoint's signature does not hold, or undefined when it does. */
export function checkSignature(checkpoint: SignedCheckpoint, publicKey: KeyObject): string | undefined {
  const expected = keyId(publicKey);
  if (checkpoint.key_id !== expected) return `signed by key ${checkpoint.key_id}, but the public key is ${expected}`;
  const signature = Buffer.from(checkpoint.signature, "base64");
  if (signature.length !== 64) return "the signature is not 64 bytes of base64";
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(checkpointText(checkpoint), "utf8"), publicKey, signature);
  } catch {
    ok = false;
  }
  return ok ? undefined : "the Ed25519 signature does not match {size, head_hash, ts}";
}

/** One line of a checkpoint file. */
export function checkpointLine(checkpoint: SignedCheckpoint): string {
  return `${canonicalize(checkpoint) ?? ""}\n`;
}

const HEX64 = /^[0-9a-f]{64}$/;

function field(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Parses one checkpoint record; returns what is wrong with it instead when it is not one. */
export function parseCheckpoint(value: unknown): SignedCheckpoint | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const record = value as Record<string, unknown>;
  const size = field(record, "size");
  const head = field(record, "head_hash");
  const ts = field(record, "ts");
  const chain = field(record, "chain") ?? "default";
  const key = field(record, "key_id");
  const signature = field(record, "signature");
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 1) return "size must be a whole number ≥ 1";
  if (typeof head !== "string" || !HEX64.test(head)) return "head_hash must be 64 lower-case hex digits";
  if (typeof ts !== "string") return "ts must be a string";
  if (typeof chain !== "string") return "chain must be a string";
  if (typeof key !== "string") return "key_id must be a string";
  if (typeof signature !== "string") return "signature must be a string";
  return { chain, size, head_hash: head, ts, key_id: key, signature };
}

/** Parses a checkpoint file (one JSON object per line; blank lines ignored). Throws InputError naming file:line:col. */
export function parseCheckpointFile(text: string, file: string): LocatedCheckpoint[] {
  const out: LocatedCheckpoint[] = [];
  const problems: Problem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ location: { file, line: index + 1, col: 1 }, message: "not JSON", expected: "one checkpoint object per line" });
      return;
    }
    const parsed = parseCheckpoint(value);
    if (typeof parsed === "string") {
      problems.push({ location: { file, line: index + 1, col: 1 }, message: parsed, expected: "{chain, size, head_hash, ts, key_id, signature}" });
      return;
    }
    out.push({ checkpoint: parsed, location: `${file}:${index + 1}` });
  });
  if (problems.length > 0) {
    throw new InputError("RW_AUDIT_CHECKPOINTS_INVALID", `${file} is not a checkpoint file`, problems, {
      hint: "give the file runwarden writes checkpoints to (audit.checkpoints in runwarden.yml)",
    });
  }
  return out;
}
