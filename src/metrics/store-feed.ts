/**
 * Deploy, route, gate and watchdog figures from the store, read incrementally: deploy attempts
 * (history) are counted once, when they have an outcome; audit entries (route decisions, gate
 * verdicts, watchdog actions) once, in storage order. Each poll reads only what is new since the
 * last one, so a scrape costs a couple of indexed queries however long the history is.
 *
 * Label values come from closed sets (outcomes, failure classes, verdicts, actions) or from
 * runwarden.yml (environments, gate names): never run ids, shas or runner names.
 */
import { FAILURE_CLASSES } from "../diagnose/signature-types.js";
import type { Sql, Store } from "../store/types.js";
import { ABORTED, NO_FAILURE_CLASS, UNCLASSIFIED } from "./catalogue.js";
import type { RunwardenMetrics } from "./registry.js";

interface AttemptRow {
  readonly id: number;
  readonly environment: string;
  readonly outcome: string | null;
  readonly failure_class: string | null;
  readonly failover: number;
  readonly started_at: number;
  readonly queued_at: number | null;
  readonly finished_at: number | null;
}

interface EntryRow {
  readonly id: number;
  readonly event: string;
}

const PAGE = 5000;
const KNOWN_CLASSES: ReadonlySet<string> = new Set(FAILURE_CLASSES);

/**
 * The store's outcome as the metric's, counted as `runwarden report` counts it: `refused` (a guard or
 * preflight said no) and `aborted` (runwarden stopped half way) are failed deploys; `skipped`
 * (superseded by a newer commit already live or on its way) is cancelled.
 */
function outcomeOf(outcome: string): "succeeded" | "failed" | "cancelled" {
  if (outcome === "success") return "succeeded";
  if (outcome === "skipped") return "cancelled";
  return "failed";
}

function failureClassOf(stored: string, outcome: string, failureClass: string | null): string {
  if (outcome !== "failed") return NO_FAILURE_CLASS;
  if (failureClass !== null && KNOWN_CLASSES.has(failureClass)) return failureClass;
  return stored === "aborted" ? ABORTED : UNCLASSIFIED;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export class StoreFeed {
  /** Highest attempt id read so far, and the ids at or below it that had no outcome yet. */
  #attemptCursor = 0;
  #pending = new Set<number>();
  #entryCursor = 0;
  readonly #lastSuccess = new Map<string, number>();

  constructor(private readonly metrics: RunwardenMetrics) {}

  /** Reads what is new in the store and adds it to the metrics (open the store with `AUDIT_MIGRATIONS`). */
  async poll(store: Store): Promise<void> {
    await store.transaction(async (tx) => {
      await this.#attempts(tx.sql);
      await this.#entries(tx.sql);
    });
  }

  async #attempts(sql: Sql): Promise<void> {
    const pending = [...this.#pending];
    const columns = "id, environment, outcome, failure_class, failover, started_at, queued_at, finished_at";
    const rows = [
      ...(pending.length === 0
        ? []
        : await sql.all<AttemptRow>(`SELECT ${columns} FROM rw_deploy_attempts WHERE id IN (${pending.map(() => "?").join(", ")})`, pending)),
      ...(await sql.all<AttemptRow>(`SELECT ${columns} FROM rw_deploy_attempts WHERE id > ? ORDER BY id`, [this.#attemptCursor])),
    ];
    for (const row of rows) {
      const id = Number(row.id);
      this.#attemptCursor = Math.max(this.#attemptCursor, id);
      if (row.outcome === null) {
        this.#pending.add(id);
        continue;
      }
      this.#pending.delete(id);
      this.#count(row, row.outcome);
    }
  }

  #count(row: AttemptRow, stored: string): void {
    const outcome = outcomeOf(stored);
    const environment = row.environment;
    this.metrics.counter("runwarden_deploys_total").inc({ environment, outcome, failure_class: failureClassOf(stored, outcome, row.failure_class) });
    if (Number(row.failover) === 1) this.metrics.counter("runwarden_failovers_total").inc({ environment });
    const started = Number(row.started_at);
    if (row.queued_at !== null && started >= Number(row.queued_at))
      this.metrics.histogram("runwarden_deploy_queue_seconds").observe({ environment }, (started - Number(row.queued_at)) / 1000);
    if (row.finished_at === null) return;
    const finished = Number(row.finished_at);
    const seconds = (finished - started) / 1000;
    if (seconds >= 0) this.metrics.histogram("runwarden_deploy_duration_seconds").observe({ environment }, seconds);
    if (outcome === "succeeded" && finished > (this.#lastSuccess.get(environment) ?? 0)) {
      this.#lastSuccess.set(environment, finished);
      this.metrics.gauge("runwarden_last_success_timestamp_seconds").set({ environment }, finished / 1000);
    }
  }

  async #entries(sql: Sql): Promise<void> {
    for (;;) {
      const rows = await sql.all<EntryRow>("SELECT id, event FROM rw_audit_entries WHERE id > ? ORDER BY id LIMIT ?", [this.#entryCursor, PAGE]);
      for (const row of rows) {
        this.#entryCursor = Math.max(this.#entryCursor, Number(row.id));
        this.#event(row.event);
      }
      if (rows.length < PAGE) return;
    }
  }

  #event(eventText: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(eventText);
    } catch {
      return;
    }
    if (typeof parsed !== "object" || parsed === null) return;
    const event = parsed as Record<string, unknown>;
    const environment = text(event["environment"]) ?? "unknown";
    switch (event["type"]) {
      case "route.decision": {
        const outcome = event["chosen"] === null ? "none" : event["failover"] === true ? "secondary" : "primary";
        this.metrics.counter("runwarden_route_decisions_total").inc({ environment, outcome });
        return;
      }
      case "gate.verdict": {
        const verdict = event["verdict"];
        if (verdict !== "pass" && verdict !== "fail" && verdict !== "error") return;
        this.metrics.counter("runwarden_gate_verdicts_total").inc({ environment, gate: text(event["gate"]) ?? "unnamed", verdict });
        return;
      }
      case "watchdog.reroute":
      case "watchdog.cancel":
        this.metrics.counter("runwarden_watchdog_actions_total").inc({ environment, action: event["type"] === "watchdog.reroute" ? "reroute" : "cancel" });
        return;
      default:
        return;
    }
  }
}
