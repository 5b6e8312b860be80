/**
 * The report over a real store (SQLite, and PostgreSQL when it can run here) seeded through the
 * store's own history API with the hand-computed history of known.ts: re-runs, cancellations,
 * failovers, a refusal and a deploy still running.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeReport, nearestRank } from "../../src/report/index.js";
import { storeDeploys } from "../../src/report/store-source.js";
import type { Store } from "../../src/store/types.js";
import { postgresEngine, sqliteEngine, type TestEngine } from "../store/engines.js";
import { postgresUnavailable } from "../helpers/postgres.js";
import { DAY, writeToStore } from "./history.js";
import { knownHistory } from "./known.js";

const targets = new Map([
  ["production", { successRate: 0.95, p95Ms: 600_000 }],
  ["staging", { successRate: 0.95, p95Ms: 1_200_000 }],
]);

describe("nearest rank", () => {
  it("is the smallest value with at least p % of the values at or below it", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(values, 95)).toBe(19);
    expect(nearestRank(values, 50)).toBe(10);
    expect(nearestRank(values, 100)).toBe(20);
    expect(nearestRank([7], 95)).toBe(7);
    expect(nearestRank([], 95)).toBeNull();
  });
});

const engines: TestEngine[] = [sqliteEngine(), ...(postgresUnavailable() === undefined ? [postgresEngine()] : [])];

for (const engine of engines) {
  describe(`report over the store on ${engine.name}`, () => {
    let store: Store;
    const now = Date.now();
    const t0 = now - 10 * DAY;

    beforeAll(async () => {
      await engine.setup();
      store = await engine.open(engine.fresh());
      await writeToStore(store, knownHistory(t0));
    }, 120_000);
    afterAll(async () => {
      await store.close();
      engine.teardown();
    });

    it("gives the hand-computed figures: latest attempt, failovers by how they ended, cancelled and running not counted", async () => {
      const deploys = await storeDeploys(store, ["production", "staging"], now - 30 * DAY);
      const [production, staging] = computeReport({ environments: ["production", "staging"], targets, windowMs: 30 * DAY, deploys });
      expect(production).toMatchObject({
        environment: "production",
        deploys: 8,
        succeeded: 5,
        failed: 3,
        cancelled: 1,
        running: 1,
        success_rate: 0.625,
        p50_seconds: 240,
        p95_seconds: 660,
        max_seconds: 660,
        queued: 8,
        queue_p50_seconds: 20,
        queue_p95_seconds: 60,
        failovers: 2,
        failovers_succeeded: 1,
        reruns: 1,
        reruns_succeeded: 1,
        failure_classes: [
          { failure_class: "application", count: 1 },
          { failure_class: "guard", count: 1 },
          { failure_class: "target", count: 1 },
        ],
        mttr_seconds: 3607.5,
        open_failures: 1,
        change_failure_rate: 0.375,
        slo: { met: false, success_rate_target: 0.95, p95_target_seconds: 600, success_rate_met: false, p95_met: false },
      });
      expect(production?.deploys_per_day).toBeCloseTo(5 / 30, 12);
      expect(staging).toMatchObject({
        deploys: 20,
        succeeded: 20,
        success_rate: 1,
        p50_seconds: 600,
        p95_seconds: 1140,
        max_seconds: 1200,
        mttr_seconds: null,
      });
      expect(staging?.slo).toEqual({ met: true, success_rate_target: 0.95, p95_target_seconds: 1200, success_rate_met: true, p95_met: true });
    });

    it("counts only what started within the window", async () => {
      const deploys = await storeDeploys(store, ["production"], t0 + 5 * 3_600_000);
      const [production] = computeReport({ environments: ["production"], targets, windowMs: 30 * DAY, deploys });
      // 105…110: 105 F, 106 S, 107 F, 108 S, 110 F (109 running).
      expect(production).toMatchObject({ deploys: 5, succeeded: 2, running: 1, failovers: 1 });
    });
  });
}
