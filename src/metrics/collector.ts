/**
 * Where the metrics come from, in one place for `serve` and `metrics`: the fleet from GitHub (on the
 * caller's interval) and deploy/route/gate/watchdog figures from the store (on each call of
 * `refreshStore`, reading only what is new).
 */
import type { LoadedConfig } from "../config/load.js";
import type { Session } from "../cli/session.js";
import type { Env } from "../output/io.js";
import type { Store } from "../store/types.js";
import { applyFleet, applyRateLimit, readFleet } from "./fleet.js";
import { RunwardenMetrics } from "./registry.js";
import { StoreFeed } from "./store-feed.js";

export interface CollectorParts {
  readonly loaded: LoadedConfig;
  readonly session: Session;
  readonly store: Store;
  readonly env: Env;
  readonly now: () => number;
}

export class MetricsCollector {
  readonly metrics = new RunwardenMetrics();
  readonly #feed = new StoreFeed(this.metrics);
  #fleetRefreshedAt: number | undefined;

  constructor(private readonly parts: CollectorParts) {}

  /** When the fleet was last read from GitHub (undefined: not yet). */
  get fleetRefreshedAt(): number | undefined {
    return this.#fleetRefreshedAt;
  }

  /** Reads the fleet from GitHub (conditional requests: an unchanged answer is a free 304). Throws when GitHub cannot be read. */
  async refreshFleet(signal?: AbortSignal): Promise<void> {
    const { loaded, session, env, now } = this.parts;
    const stats = session.client.stats;
    try {
      const view = await readFleet(session, loaded, env, signal === undefined ? {} : { signal });
      const at = now();
      applyFleet(this.metrics, view, Object.keys(loaded.config.environments), at);
      this.#fleetRefreshedAt = at;
    } finally {
      applyRateLimit(this.metrics, stats.rateLimit?.remaining);
      // The client keeps one record per request for a command's report; a service running for
      // months must not: only the rate limit (kept apart) matters here.
      stats.attempts.length = 0;
      stats.waits.length = 0;
    }
  }

  /** Adds what is new in the store. Throws when the store cannot be read. */
  refreshStore(): Promise<void> {
    return this.#feed.poll(this.parts.store);
  }

  exposition(): Promise<string> {
    return this.metrics.exposition();
  }
}
