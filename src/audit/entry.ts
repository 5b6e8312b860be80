/**
 * One link of the chain and its hash rule (docs/audit.md, "Hash rule"):
 *
 *   hash = hex(SHA-256(JCS({seq, ts, prev, event})))                with no key
 *   hash = hex(HMAC-SHA-256(key, JCS({seq, ts, prev, event})))      with RUNWARDEN_AUDIT_KEY
 *
 * JCS is RFC 8785. Its key order for this object is event, prev, seq, ts, so the canonical text is
 * built by concatenation around the event's own canonical text (what the store holds), which keeps
 * `verify` at one hash per entry, without re-parsing events.
 */
import { createHmac, hash as oneShotHash, createHash } from "node:crypto";

/** `prev` of entry 1. */
export const GENESIS_PREV = "0".repeat(64);

export type HashAlg = "sha256" | "hmac-sha256";

/** An entry as stored: `event` is the canonical JSON text of the masked event. */
export interface StoredEntry {
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds, e.g. `2025-05-01T12:00:00.000Z`. */
  readonly ts: string;
  readonly prev: string;
  readonly event: string;
  readonly alg: string;
  readonly hash: string;
}

/** The RFC 8785 canonical JSON of `{seq, ts, prev, event}`, given the event's canonical text. */
export function entryText(seq: number, ts: string, prev: string, event: string): string {
  return `{"event":${event},"prev":${JSON.stringify(prev)},"seq":${String(seq)},"ts":${JSON.stringify(ts)}}`;
}

const sha256Hex: (text: string) => string =
  typeof oneShotHash === "function" ? (text) => oneShotHash("sha256", text, "hex") : (text) => createHash("sha256").update(text).digest("hex");

/** Computes entry hashes: plain SHA-256, or HMAC-SHA-256 when a key is given. */
export class EntryHasher {
  readonly alg: HashAlg;
  readonly #key: Buffer | undefined;

  constructor(key?: Buffer) {
    this.#key = key;
    this.alg = key === undefined ? "sha256" : "hmac-sha256";
  }

  /** The hash of an entry's canonical text, lower-case hex. */
  digest(text: string): string {
    return this.#key === undefined ? sha256Hex(text) : createHmac("sha256", this.#key).update(text).digest("hex");
  }

  hashEntry(seq: number, ts: string, prev: string, event: string): string {
    return this.digest(entryText(seq, ts, prev, event));
  }

  /** Never shows the key. */
  toJSON(): { alg: HashAlg } {
    return { alg: this.alg };
  }
}

/** The entry after `head` (undefined: the chain is empty), ready to store. */
export function nextEntry(head: { readonly seq: number; readonly hash: string } | undefined, ts: string, event: string, hasher: EntryHasher): StoredEntry {
  const seq = head === undefined ? 1 : head.seq + 1;
  const prev = head === undefined ? GENESIS_PREV : head.hash;
  return { seq, ts, prev, event, alg: hasher.alg, hash: hasher.hashEntry(seq, ts, prev, event) };
}

/** An entry as exported and shown: the event parsed back into data. */
export interface AuditRecord {
  readonly seq: number;
  readonly ts: string;
  readonly prev: string;
  readonly event: { readonly [key: string]: unknown };
  readonly alg: string;
  readonly hash: string;
}

export function toRecord(entry: StoredEntry): AuditRecord {
  const event: unknown = JSON.parse(entry.event);
  return {
    seq: entry.seq,
    ts: entry.ts,
    prev: entry.prev,
    event: typeof event === "object" && event !== null && !Array.isArray(event) ? (event as { [key: string]: unknown }) : { value: event },
    alg: entry.alg,
    hash: entry.hash,
  };
}
