/**
 * `runwarden audit export`: every entry (or those since a time) with its hashes, for a SIEM —
 * one canonical JSON object per line (`jsonl`) or one JSON array (`json`), streamed page by page.
 */
import { once } from "node:events";
import { DEFAULT_CHAIN, readMatching } from "../../../audit/chain-sql.js";
import type { StoredEntry } from "../../../audit/entry.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { openAuditStore, sinceOption } from "./open.js";

export type ExportFormat = "jsonl" | "json";

export interface ExportOptions {
  readonly config: string;
  readonly format: ExportFormat;
  readonly since?: string;
}

const PAGE = 2000;

/** An entry as exported: RFC 8785 canonical JSON of {alg, event, hash, prev, seq, ts}. */
export function exportLine(entry: StoredEntry): string {
  return `{"alg":${JSON.stringify(entry.alg)},"event":${entry.event},"hash":${JSON.stringify(entry.hash)},"prev":${JSON.stringify(entry.prev)},"seq":${String(entry.seq)},"ts":${JSON.stringify(entry.ts)}}`;
}

export async function auditExport(options: ExportOptions, io: Io): Promise<ExitCode> {
  const since = sinceOption(options.since, io.now());
  const { store } = await openAuditStore(options.config, io);
  try {
    const filter = since === undefined ? {} : { since };
    let after = 0;
    let first = true;
    if (options.format === "json") io.stdout.write("[");
    for (;;) {
      const entries = await store.transaction((tx) => readMatching(tx.sql, DEFAULT_CHAIN, filter, after, PAGE));
      const lines = entries.map(exportLine);
      if (lines.length > 0) {
        io.stdout.write(options.format === "jsonl" ? `${lines.join("\n")}\n` : `${first ? "\n" : ",\n"}${lines.join(",\n")}`);
        first = false;
      }
      if (io.stdout.stream.writableNeedDrain) await once(io.stdout.stream, "drain");
      const last = entries[entries.length - 1];
      if (last === undefined || entries.length < PAGE) break;
      after = last.seq;
    }
    if (options.format === "json") io.stdout.write(first ? "]\n" : "\n]\n");
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
