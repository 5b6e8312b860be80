/**
 * `verify` over a store: pages of entries in storage order through the streaming verifier, so
 * memory stays bounded whatever the chain's length (one page, one look-ahead entry, the checkpoints).
 */
import type { KeyObject } from "node:crypto";
import { InputError } from "../model/errors.js";
import type { Store } from "../store/types.js";
import { readEntry, readPage } from "./chain-sql.js";
import type { LocatedCheckpoint } from "./checkpoint.js";
import { ChainVerifier, type VerifySummary } from "./verifier.js";

/** Entries read per query. */
export const VERIFY_PAGE_SIZE = 1000;

export interface VerifyChainOptions {
  readonly chain: string;
  readonly from?: number;
  readonly hmacKey?: Buffer | undefined;
  readonly publicKey?: KeyObject | undefined;
  readonly checkpoints?: readonly LocatedCheckpoint[];
  readonly pageSize?: number;
}

export interface ChainVerdict extends VerifySummary {
  readonly chain: string;
  readonly from: number;
}

export async function verifyChain(store: Store, options: VerifyChainOptions): Promise<ChainVerdict> {
  const from = options.from ?? 1;
  let anchor: string | undefined;
  if (from > 1) {
    const before = await store.transaction((tx) => readEntry(tx.sql, options.chain, from - 1));
    if (before === undefined) {
      throw new InputError("RW_AUDIT_FROM_INVALID", `--from ${from}: the chain '${options.chain}' has no entry ${from - 1} to start after`, [], {
        hint: "give a seq the chain has (see `runwarden audit show`), or verify from 1",
      });
    }
    anchor = before.hash;
  }
  const verifier = new ChainVerifier({
    from,
    ...(anchor === undefined ? {} : { anchor }),
    hmacKey: options.hmacKey,
    publicKey: options.publicKey,
    checkpoints: options.checkpoints ?? [],
  });
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  let after = 0;
  for (;;) {
    const page = await store.transaction((tx) => readPage(tx.sql, options.chain, after, pageSize, from));
    for (const entry of page.entries) if (!verifier.push(entry)) break;
    if (verifier.broken || page.entries.length < pageSize) break;
    after = page.next;
  }
  return { chain: options.chain, from, ...verifier.finish() };
}
