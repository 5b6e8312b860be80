/**
 * `runwarden serve`: starts the service and runs until SIGTERM/SIGINT (or `stop` resolves, for
 * tests), then stops the refresh loop, lets requests in flight finish, closes the port and the
 * store, and exits 0.
 */
import { AUDIT_MIGRATIONS } from "../../../audit/migrations.js";
import { MetricsCollector } from "../../../metrics/collector.js";
import { UsageError } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { DEFAULT_LISTEN, parseListen } from "../../../server/listen.js";
import { withInterrupt } from "../../interrupt.js";
import { connect, loadFor } from "../../session.js";
import { listeningLine, logLine, stoppedLine } from "./render.js";
import { errorCode } from "../../../model/system-errors.js";

export interface ServeOptions {
  readonly config: string;
  readonly listen?: string;
  readonly refresh?: number;
}

export const DEFAULT_REFRESH_MS = 30_000;
/** Scrapes within this long of a store read share it. */
export const STORE_CACHE_MS = 1_000;

/** A port taken or not ours to bind is the operator's to change (exit 2); anything else stays as it is. */
function listenError(err: unknown, listen: string): unknown {
  const code = errorCode(err);
  if (code === "EADDRINUSE")
    return new UsageError(`cannot listen on ${listen}: the address is in use`, { hint: "stop what listens there or pick another --listen" });
  if (code === "EACCES" || code === "EADDRNOTAVAIL")
    return new UsageError(`cannot listen on ${listen}: ${code === "EACCES" ? "permission denied" : "no such local address"}`, {
      hint: "pick another --listen (a local address, a port above 1023)",
    });
  return err;
}

export async function serve(options: ServeOptions, io: Io, stop?: Promise<string>): Promise<ExitCode> {
  if (stop === undefined) return withInterrupt((interrupt) => serve(options, io, interrupt.stopped));
  const listen = options.listen === undefined ? DEFAULT_LISTEN : parseListen(options.listen);
  if (listen === undefined) throw new UsageError("--listen takes HOST:PORT, e.g. 127.0.0.1:9464");
  const loaded = await loadFor(options.config, io);
  const session = await connect(loaded, options.config, io);
  const { openStore } = await import("../../../store/index.js");
  const store = await openStore(loaded.config.store, { migrations: [AUDIT_MIGRATIONS], baseDir: loaded.dir, env: io.env });
  try {
    const collector = new MetricsCollector({ loaded, session, store, env: io.env, now: io.now });
    const { startServer } = await import("../../../server/server.js");
    const server = await startServer({
      collector,
      store,
      listen,
      refreshMs: options.refresh ?? DEFAULT_REFRESH_MS,
      storeCacheMs: STORE_CACHE_MS,
      now: io.now,
      log: (line) => io.stderr.write(logLine(line, io.now())),
    }).catch((err: unknown) => {
      throw listenError(err, options.listen ?? "127.0.0.1:9464");
    });
    io.stdout.write(listeningLine(server.address));
    const signal = await stop;
    await server.close();
    io.stdout.write(stoppedLine(signal));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
