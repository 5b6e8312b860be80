/**
 * One judge of a runner group: `runwarden fleet` and `runwarden route` must agree on every group in
 * every routing scenario — fleet's `ready` is route's `healthy`, fleet's `eligible` is route's, and the
 * group route picks is the first one fleet shows ready and eligible.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";
import { control, exampleScenario, startEmulator } from "../sandbox/helpers.js";
import { configFile, githubEnv, ROUTE_CONFIG, type RouteJson } from "./helpers.js";

interface FleetJson {
  ok: boolean;
  groups: { name: string; ready: boolean; eligible: boolean; online: boolean; problems: string[] }[];
}

const RUNNERS = ["prod-a-1", "prod-a-2", "prod-b-1", "prod-b-2"];
type Patch = Readonly<Record<string, unknown>>;

interface Scenario {
  readonly name: string;
  readonly patches?: Readonly<Record<string, Patch>>;
  readonly config?: string;
  readonly visibility?: "all" | "selected" | "private";
}

const primary = (patch: Patch): Record<string, Patch> => ({ "prod-a-1": patch, "prod-a-2": patch });

const SCENARIOS: readonly Scenario[] = [
  { name: "primary healthy" },
  { name: "primary offline", patches: primary({ status: "offline" }) },
  { name: "primary all busy", patches: primary({ busy: true }) },
  { name: "primary runners in the wrong GitHub group", patches: primary({ group: "Default" }) },
  { name: "primary runners too old", patches: primary({ version: "2.311.0" }) },
  { name: "primary died mid-job (offline and busy)", patches: primary({ status: "offline", busy: true }) },
  { name: "one primary runner left, busy", patches: { "prod-a-1": { status: "offline" }, "prod-a-2": { busy: true } } },
  { name: "both groups down", patches: { ...primary({ status: "offline" }), "prod-b-1": { status: "offline" }, "prod-b-2": { status: "offline" } } },
  {
    name: "secondary not approved for failover",
    patches: primary({ status: "offline" }),
    config: ROUTE_CONFIG.replace("approved_for_failover: true", "approved_for_failover: false"),
  },
  {
    name: "secondary restricted to other workflows",
    patches: primary({ status: "offline" }),
    config: ROUTE_CONFIG.replace("workflow: .github/workflows/deploy.yml", "workflow: .github/workflows/other.yml"),
  },
  {
    name: "min_online with a busy ceiling",
    patches: { "prod-a-1": { busy: true } },
    config: ROUTE_CONFIG.replace(
      "labels: [self-hosted, linux, x64, production], min_idle: 1 }",
      "labels: [self-hosted, linux, x64, production], min_online: 2, max_busy_percent: 40 }",
    ),
  },
  { name: "secondary open to every repository", patches: primary({ status: "offline" }), visibility: "all" },
];

let emulator: RunningEmulator;
let open: RunningEmulator;

beforeAll(async () => {
  const scenario = exampleScenario("failover.yml");
  emulator = await startEmulator(scenario);
  open = await startEmulator({
    ...scenario,
    runner_groups: scenario.runner_groups.map((g) => (g.name === "prod-secondary" ? { ...g, visibility: "all" as const } : g)),
  });
});
afterAll(async () => {
  await Promise.all([emulator.close(), open.close()]);
});
beforeEach(async () => {
  for (const target of [emulator, open]) {
    for (const name of RUNNERS) {
      await control(target, "PATCH", `/runners/${name}`, {
        status: "online",
        busy: false,
        version: "2.330.0",
        group: name.startsWith("prod-a") ? "prod-primary" : "prod-secondary",
      });
    }
  }
});

describe("fleet and route judge every group the same way", () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const target = scenario.visibility === "all" ? open : emulator;
      for (const [runner, patch] of Object.entries(scenario.patches ?? {})) await control(target, "PATCH", `/runners/${runner}`, patch);
      const config = configFile(scenario.config ?? ROUTE_CONFIG);
      const options = { env: githubEnv(target), cwd: config.dir };
      const [routeRun, fleetRun] = await Promise.all([
        runInProcess(["route", "--config", config.path, "-e", "production", "--json"], options),
        runInProcess(["fleet", "--config", config.path, "-e", "production", "--json"], options),
      ]);
      const route = JSON.parse(routeRun.stdout) as RouteJson;
      const fleet = JSON.parse(fleetRun.stdout) as FleetJson;
      expect(fleet.groups.map((g) => [g.name, g.ready, g.eligible])).toEqual(route.groups.map((g) => [g.name, g.healthy, g.eligible]));
      expect(fleet.groups.map((g) => g.problems)).toEqual(route.groups.map((g) => g.reasons));
      const first = fleet.groups.find((g) => g.ready && g.eligible);
      expect(route.group).toBe(first?.name ?? null);
      expect(routeRun.code).toBe(first === undefined ? 1 : 0);
    });
  }
});
