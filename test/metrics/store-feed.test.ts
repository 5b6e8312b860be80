/** Deploy, route, gate and watchdog figures read from the store, on SQLite and PostgreSQL: each counted once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_MIGRATIONS } from "../../src/audit/index.js";
import { RunwardenMetrics } from "../../src/metrics/registry.js";
import { StoreFeed } from "../../src/metrics/store-feed.js";
import { engines } from "../store/engines.js";
import { parseExposition, sampleValue } from "./exposition.js";
import { seedInto } from "./fixture.js";

for (const engine of engines()) {
  describe(`store feed on ${engine.name}`, () => {
    beforeAll(() => engine.setup(), 60_000);
    afterAll(() => engine.teardown());

    it("counts each finished attempt and each audit event once, and a running attempt when it finishes", async () => {
      const store = await engine.open(engine.fresh(), { migrations: [AUDIT_MIGRATIONS] });
      try {
        const [running] = await seedInto(store);
        const metrics = new RunwardenMetrics();
        const feed = new StoreFeed(metrics);
        const production = { environment: "production" };
        const read = async () => parseExposition(await metrics.exposition());
        await feed.poll(store);
        await feed.poll(store);
        let exposition = await read();
        expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_count", production)).toBe(7);
        expect(sampleValue(exposition, "runwarden_deploys_total", { ...production, outcome: "succeeded", failure_class: "none" })).toBe(3);
        expect(sampleValue(exposition, "runwarden_route_decisions_total", { ...production, outcome: "none" })).toBe(1);
        expect(sampleValue(exposition, "runwarden_watchdog_actions_total", { ...production, action: "reroute" })).toBe(1);
        if (running === undefined) throw new Error("the fixture has a running attempt");
        await store.history.finish(running, {
          outcome: "success",
          failureClass: null,
          failover: false,
          deploymentId: undefined,
          hosts: [],
          finishedAt: Date.now(),
        });
        await feed.poll(store);
        await feed.poll(store);
        exposition = await read();
        expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_count", production)).toBe(8);
        expect(sampleValue(exposition, "runwarden_deploys_total", { ...production, outcome: "succeeded", failure_class: "none" })).toBe(4);
        expect(sampleValue(exposition, "runwarden_route_decisions_total", { ...production, outcome: "none" })).toBe(1);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
