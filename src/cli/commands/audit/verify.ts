/** `runwarden audit verify`: the chain checked end to end in bounded memory. Exit 0 intact, 1 broken, 2 bad input, 3 could not read. */
import { DEFAULT_CHAIN } from "../../../audit/chain-sql.js";
import type { LocatedCheckpoint } from "../../../audit/checkpoint.js";
import { readAuditKeys } from "../../../audit/keys.js";
import { verifyChain } from "../../../audit/verify.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { checkpointPlace, openAuditStore } from "./open.js";
import { verifyReport } from "./render.js";

export interface VerifyOptions {
  readonly config: string;
  readonly json: boolean;
  readonly from?: number;
  readonly checkpoints?: string;
}

export async function auditVerify(options: VerifyOptions, io: Io): Promise<ExitCode> {
  const opened = await openAuditStore(options.config, io);
  const { store, loaded } = opened;
  try {
    const keys = readAuditKeys(io.env, io.masker, loaded.config.audit.public_key);
    const located = await checkpointPlace(opened, io, options.checkpoints);
    let checkpoints: LocatedCheckpoint[] = [];
    const warnings: string[] = [];
    if (located === undefined) {
      warnings.push("no checkpoints (audit.checkpoints or --checkpoints): a truncated tail or a consistently rewritten chain cannot be detected");
    } else {
      try {
        checkpoints = await located.place.read(DEFAULT_CHAIN, located.required);
      } finally {
        await located.place.close();
      }
      if (checkpoints.length === 0) warnings.push(`no checkpoint found in ${located.place.description}`);
    }
    const verdict = await verifyChain(store, { chain: DEFAULT_CHAIN, from: options.from ?? 1, hmacKey: keys.hmacKey, publicKey: keys.publicKey, checkpoints });
    if (keys.hmacKey === undefined && verdict.entries_checked > 0)
      warnings.push("entries are plain SHA-256: anyone with write access can recompute them; set RUNWARDEN_AUDIT_KEY to key new chains");
    const report = verifyReport({ ...verdict, store: store.location, checkpoints_from: located?.place.description ?? null, warnings });
    return emitReport(io, report, { json: options.json });
  } finally {
    await store.close();
  }
}
