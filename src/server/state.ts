/** What the routes of `serve` share: the metrics and what readiness is judged by. */
import type { MetricsCollector } from "../metrics/collector.js";

export interface ServerState {
  readonly collector: MetricsCollector;
  /** Reads what is new in the store (scrapes share one read in flight and a short cache). */
  refreshStore(): Promise<void>;
  /** The store answers a query now. */
  storeReachable(): Promise<boolean>;
}
