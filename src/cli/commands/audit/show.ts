/** `runwarden audit show`: the latest entries, filtered by environment and time. */
import { DEFAULT_CHAIN, readLatest } from "../../../audit/chain-sql.js";
import { toRecord } from "../../../audit/entry.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { openAuditStore, sinceOption } from "./open.js";
import { showReport } from "./render.js";

export interface ShowOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly since?: string;
  readonly limit?: number;
}

export const DEFAULT_SHOW_LIMIT = 50;

export async function auditShow(options: ShowOptions, io: Io): Promise<ExitCode> {
  const since = sinceOption(options.since, io.now());
  const { store } = await openAuditStore(options.config, io);
  try {
    const filter = { ...(options.environment === undefined ? {} : { environment: options.environment }), ...(since === undefined ? {} : { since }) };
    const entries = await store.transaction((tx) => readLatest(tx.sql, DEFAULT_CHAIN, filter, options.limit ?? DEFAULT_SHOW_LIMIT));
    return emitReport(io, showReport({ chain: DEFAULT_CHAIN, store: store.location, entries: entries.map(toRecord) }, EXIT.ok), { json: options.json });
  } finally {
    await store.close();
  }
}
