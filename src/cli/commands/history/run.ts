/** `runwarden history`: reads the deploy attempts from the store of runwarden.yml. */
import { environmentOf } from "../../../config/environments.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { loadFor } from "../../session.js";
import { historyReport } from "./render.js";

export interface HistoryOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly limit?: number;
}

export const DEFAULT_LIMIT = 20;

export async function history(options: HistoryOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadFor(options.config, io);
  // An unknown environment is bad input (exit 2, naming runwarden.yml), not an empty list.
  if (options.environment !== undefined) environmentOf(loaded, options.environment);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { openStore } = await import("../../../store/index.js");
  const store = await openStore(loaded.config.store, { baseDir: loaded.dir, env: io.env });
  try {
    const attempts = await store.history.list({ ...(options.environment === undefined ? {} : { environment: options.environment }), limit });
    return emitReport(io, historyReport({ store: store.location, environment: options.environment ?? null, limit, attempts }, io.masker), {
      json: options.json,
    });
  } finally {
    await store.close();
  }
}
