/**
 * The runwarden service (`runwarden serve`): a fastify app whose routes are one file each
 * (routes/), the fleet refreshed from GitHub on an interval, deploy figures read from the store
 * when scraped. Later services (webhooks, the watchdog loop, a status page) add routes and loops here.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { MetricsCollector } from "../metrics/collector.js";
import type { Store } from "../store/types.js";
import type { ListenAddress } from "./listen.js";
import { startLoop, singleFlight, type Loop } from "./refresh.js";
import { registerRoutes } from "./routes/index.js";
import type { ServerState } from "./state.js";

export interface ServerOptions {
  readonly collector: MetricsCollector;
  readonly store: Store;
  readonly listen: ListenAddress;
  /** How often the fleet is read from GitHub. */
  readonly refreshMs: number;
  /** How long a store read serves scrapes before the next one. */
  readonly storeCacheMs: number;
  readonly now: () => number;
  /** One line per failed refresh (the first of a streak), for the operator. */
  readonly log: (line: string) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** Where it listens (the port chosen when 0 was asked for). */
  readonly address: ListenAddress;
  /** Stops the loops, lets requests in flight finish, closes the port. */
  close(): Promise<void>;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { collector, store, log } = options;
  const state: ServerState = {
    collector,
    refreshStore: singleFlight(() => collector.refreshStore(), options.storeCacheMs, options.now),
    storeReachable: () =>
      store
        .transaction((tx) => tx.sql.get("SELECT 1 AS one"))
        .then(
          () => true,
          () => false,
        ),
  };
  const app = Fastify({ logger: false, forceCloseConnections: "idle" });
  registerRoutes(app, state);
  let failing = false;
  let fleetLoop: Loop | undefined;
  await app.listen({ host: options.listen.host, port: options.listen.port });
  fleetLoop = startLoop(async (signal) => {
    try {
      await collector.refreshFleet(signal);
      if (failing) log("fleet refresh: GitHub answers again");
      failing = false;
    } catch (err: unknown) {
      if (signal.aborted) return;
      if (!failing) log(`fleet refresh failed (retrying every ${Math.round(options.refreshMs / 1000)} s): ${describe(err)}`);
      failing = true;
    }
  }, options.refreshMs);
  const bound = app.server.address();
  const port = typeof bound === "object" && bound !== null ? bound.port : options.listen.port;
  return {
    app,
    address: { host: options.listen.host, port },
    async close() {
      await fleetLoop?.stop();
      fleetLoop = undefined;
      await app.close();
    },
  };
}
