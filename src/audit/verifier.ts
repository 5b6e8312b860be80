/**
 * The streaming chain verifier: entries arrive in storage order, one at a time; memory holds the
 * previous hash, one entry of look-ahead and the checkpoints. It stops at the first break.
 *
 * Order of checks for each entry: its sequence number (gap or reorder), its hash algorithm, its own
 * hash, its `prev` link, then any checkpoint at its seq. After the last entry: checkpoints beyond
 * the end (truncation). A checkpoint whose signature fails is a break at its size.
 */
import type { KeyObject } from "node:crypto";
import { InputError } from "../model/errors.js";
import { checkSignature, type LocatedCheckpoint } from "./checkpoint.js";
import { EntryHasher, GENESIS_PREV, type StoredEntry } from "./entry.js";

export type BreakReason = "hash-mismatch" | "sequence-gap" | "reorder" | "prev-mismatch" | "bad-checkpoint-signature" | "checkpoint-mismatch" | "truncated";

export interface ChainBreak {
  readonly reason: BreakReason;
  /** The sequence number where the chain breaks. */
  readonly seq: number;
  readonly detail: string;
  /** The checkpoint involved (file:line or `store`). */
  readonly checkpoint?: string;
}

export interface VerifyOptions {
  /** First seq to check (default 1). */
  readonly from?: number;
  /** Stored hash of entry `from - 1` (required when from > 1; read it from the store). */
  readonly anchor?: string;
  /** HMAC key: every entry must then be keyed. */
  readonly hmacKey?: Buffer | undefined;
  readonly checkpoints?: readonly LocatedCheckpoint[];
  /** Verifies checkpoint signatures; required when there are checkpoints. */
  readonly publicKey?: KeyObject | undefined;
}

export interface VerifySummary {
  readonly intact: boolean;
  readonly entries_checked: number;
  readonly first_seq: number | null;
  readonly last_seq: number | null;
  readonly head_hash: string | null;
  readonly keyed: boolean;
  readonly checkpoints_found: number;
  readonly checkpoints_checked: number;
  readonly break: ChainBreak | null;
}

export class ChainVerifier {
  readonly #hasher: EntryHasher;
  readonly #keyed: boolean;
  readonly #from: number;
  readonly #bySize = new Map<number, LocatedCheckpoint[]>();
  readonly #found: number;
  #expected: number;
  #prev: string;
  #pending: StoredEntry | undefined;
  #checked = 0;
  #checkpointsChecked = 0;
  #first: number | null = null;
  #last: number | null = null;
  #head: string | null = null;
  #break: ChainBreak | undefined;
  /** The earliest bad checkpoint signature, reported when the stream reaches it. */
  #badSignature: ChainBreak | undefined;

  constructor(options: VerifyOptions = {}) {
    this.#from = options.from ?? 1;
    this.#expected = this.#from;
    this.#prev = this.#from === 1 ? GENESIS_PREV : (options.anchor ?? GENESIS_PREV);
    this.#keyed = options.hmacKey !== undefined;
    this.#hasher = new EntryHasher(options.hmacKey);
    const checkpoints = (options.checkpoints ?? []).filter((c) => c.checkpoint.size >= this.#from);
    this.#found = checkpoints.length;
    if (checkpoints.length > 0 && options.publicKey === undefined) {
      throw new InputError("RW_AUDIT_PUBLIC_KEY_REQUIRED", "checkpoints were given but no public key to check their signatures", [], {
        hint: "set audit.public_key in runwarden.yml (or RUNWARDEN_AUDIT_PUBLIC_KEY) to the key `runwarden audit keygen` printed",
      });
    }
    for (const located of checkpoints) {
      const problem = options.publicKey === undefined ? undefined : checkSignature(located.checkpoint, options.publicKey);
      if (problem !== undefined) {
        if (this.#badSignature === undefined || located.checkpoint.size < this.#badSignature.seq) {
          this.#badSignature = {
            reason: "bad-checkpoint-signature",
            seq: located.checkpoint.size,
            detail: `checkpoint of size ${located.checkpoint.size}: ${problem}`,
            checkpoint: located.location,
          };
        }
        continue;
      }
      const list = this.#bySize.get(located.checkpoint.size) ?? [];
      list.push(located);
      this.#bySize.set(located.checkpoint.size, list);
    }
  }

  /** True once a break was found: stop feeding entries. */
  get broken(): boolean {
    return this.#break !== undefined;
  }

  /** Feeds the next entry in storage order. Returns false once the chain is broken. */
  push(entry: StoredEntry): boolean {
    if (this.#break !== undefined) return false;
    if (this.#pending !== undefined) {
      const pending = this.#pending;
      this.#pending = undefined;
      if (entry.seq === this.#expected) {
        this.#fail({ reason: "reorder", seq: this.#expected, detail: `seq ${pending.seq} is stored before seq ${this.#expected}` });
      } else {
        this.#gap(pending.seq);
      }
      return false;
    }
    if (this.#badSignature !== undefined && entry.seq > this.#badSignature.seq) {
      this.#fail(this.#badSignature);
      return false;
    }
    if (entry.seq !== this.#expected) {
      if (entry.seq > this.#expected) {
        this.#pending = entry;
        return true;
      }
      this.#fail({ reason: "reorder", seq: entry.seq, detail: `seq ${entry.seq} is stored after seq ${this.#expected - 1}` });
      return false;
    }
    this.#checkEntry(entry);
    return this.#break === undefined;
  }

  /** Ends the stream and returns the verdict. */
  finish(): VerifySummary {
    if (this.#break === undefined && this.#pending !== undefined) this.#gap(this.#pending.seq);
    if (this.#break === undefined && this.#badSignature !== undefined) this.#fail(this.#badSignature);
    if (this.#break === undefined) {
      const end = this.#last ?? this.#from - 1;
      let beyond: LocatedCheckpoint | undefined;
      for (const [size, list] of this.#bySize) if (size > end && (beyond === undefined || size > beyond.checkpoint.size)) beyond = list[0];
      if (beyond !== undefined) {
        this.#fail({
          reason: "truncated",
          seq: end + 1,
          detail: `the chain ends at seq ${end}, but a checkpoint signed at ${beyond.checkpoint.ts} covers ${beyond.checkpoint.size} entries`,
          checkpoint: beyond.location,
        });
      }
    }
    return {
      intact: this.#break === undefined,
      entries_checked: this.#checked,
      first_seq: this.#first,
      last_seq: this.#last,
      head_hash: this.#head,
      keyed: this.#keyed,
      checkpoints_found: this.#found,
      checkpoints_checked: this.#checkpointsChecked,
      break: this.#break ?? null,
    };
  }

  #checkEntry(entry: StoredEntry): void {
    if (entry.alg !== this.#hasher.alg) {
      if (entry.alg === "hmac-sha256") {
        throw new InputError("RW_AUDIT_KEY_REQUIRED", `entry ${entry.seq} is keyed (HMAC-SHA-256): verifying it needs RUNWARDEN_AUDIT_KEY`, [], {
          hint: "set RUNWARDEN_AUDIT_KEY to the key the chain was written with",
        });
      }
      const detail =
        entry.alg === "sha256"
          ? "the entry is not keyed, but RUNWARDEN_AUDIT_KEY is set: every entry must be an HMAC"
          : `unknown hash algorithm '${entry.alg}'`;
      this.#fail({ reason: "hash-mismatch", seq: entry.seq, detail });
      return;
    }
    const hash = this.#hasher.hashEntry(entry.seq, entry.ts, entry.prev, entry.event);
    if (hash !== entry.hash) {
      this.#fail({ reason: "hash-mismatch", seq: entry.seq, detail: `stored ${short(entry.hash)}, computed ${short(hash)} from {seq, ts, prev, event}` });
      return;
    }
    if (entry.prev !== this.#prev) {
      this.#fail({
        reason: "prev-mismatch",
        seq: entry.seq,
        detail: `prev is ${short(entry.prev)}, but entry ${entry.seq - 1} hashes to ${short(this.#prev)}`,
      });
      return;
    }
    const checkpoints = this.#bySize.get(entry.seq);
    if (checkpoints !== undefined) {
      for (const located of checkpoints) {
        if (located.checkpoint.head_hash !== entry.hash) {
          this.#fail({
            reason: "checkpoint-mismatch",
            seq: entry.seq,
            detail: `a checkpoint signed at ${located.checkpoint.ts} says entry ${entry.seq} hashes to ${short(located.checkpoint.head_hash)}, the chain has ${short(entry.hash)}: the chain was rewritten`,
            checkpoint: located.location,
          });
          return;
        }
        this.#checkpointsChecked++;
      }
    }
    this.#checked++;
    this.#first ??= entry.seq;
    this.#last = entry.seq;
    this.#head = entry.hash;
    this.#prev = entry.hash;
    this.#expected = entry.seq + 1;
  }

  #gap(found: number): void {
    const missing = found - 1 === this.#expected ? `seq ${this.#expected} is missing` : `seq ${this.#expected}–${found - 1} are missing`;
    this.#fail({ reason: "sequence-gap", seq: this.#expected, detail: `${missing}: seq ${found} follows seq ${this.#expected - 1}` });
  }

  #fail(found: ChainBreak): void {
    // A bad checkpoint signature earlier in the chain than this break is the first break.
    this.#break = this.#badSignature !== undefined && this.#badSignature.seq < found.seq ? this.#badSignature : found;
  }
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 16)}…` : hash;
}
