/** The inventory's runner hosts against the registered runners: the pure comparison and the runner-host reading. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Runner } from "../../src/github/schemas.js";
import { loadInventory } from "../../src/inventory/index.js";
import { runnerHosts, type RunnerHost } from "../../src/inventory/runner-hosts.js";
import { compareFleetInventory } from "../../src/route/fleet-inventory.js";
import type { RouteGroupConfig } from "../../src/route/health.js";
import { repoRoot } from "../helpers/cli.js";

const GROUPS: RouteGroupConfig[] = [
  { name: "primary", group: "prod-primary", labels: ["self-hosted", "production"], min_idle: 1, max_busy_percent: 100, approved_for_failover: false },
];
const GITHUB_GROUPS = [
  { id: 1, name: "Default" },
  { id: 2, name: "prod-primary" },
];

function runner(name: string, groupId: number | undefined, labels = ["self-hosted", "production"]): Runner {
  return {
    id: name.length,
    name,
    os: "Linux",
    status: "online",
    busy: false,
    labels: labels.map((label) => ({ name: label })),
    ...(groupId === undefined ? {} : { runner_group_id: groupId }),
  };
}

function host(name: string, group: string | null, scope: "org" | "repo" = "org"): RunnerHost {
  return {
    host: name,
    inventory_groups: ["runner_primary"],
    name,
    scope,
    group,
    labels: ["production"],
    version: "2.330.0",
    location: { file: "hosts.yml", line: 3 },
  };
}

describe("the inventory's runner hosts against the fleet", () => {
  it("reads each runner host's runner: runner_name else the host name, its group, labels and version", () => {
    const inventory = loadInventory([join(repoRoot, "test", "fixtures", "runner-hosts", "fleet.yml")], { cwd: repoRoot });
    const hosts = runnerHosts(inventory);
    expect(hosts.map((h) => [h.host, h.name, h.group, h.labels, h.version, h.inventory_groups])).toEqual([
      ["runner-a1", "prod-a-1", "prod-primary", ["production"], "2.330.0", ["runner_primary"]],
      ["runner-a2", "prod-a-2", "prod-primary", ["production"], "2.330.0", ["runner_primary"]],
      ["runner-a3", "prod-a-3", "prod-primary", ["production"], "2.330.0", ["runner_primary"]],
      ["prod-b-1", "prod-b-1", "prod-secondary", ["production"], "2.329.0", ["runner_secondary"]],
      ["prod-b-2", "prod-b-2", "prod-secondary", ["production"], "2.329.0", ["runner_secondary"]],
    ]);
    expect(hosts[0]?.location).toMatchObject({ file: "test/fixtures/runner-hosts/fleet.yml", line: 16 });
  });

  it("only runwarden's runners count as extra: those with a configured group's labels, or in a group named by the config or the inventory", () => {
    const result = compareFleetInventory({
      inventory: "hosts.yml",
      declared: [host("a-1", "prod-primary")],
      orgRunners: [runner("a-1", 2), runner("a-2", 2, ["self-hosted"]), runner("ci-1", 1, ["self-hosted", "ci"]), runner("a-3", 1)],
      repoRunners: [],
      githubGroups: GITHUB_GROUPS,
      groups: GROUPS,
    });
    expect(result.extra.map((e) => [e.runner, e.group])).toEqual([
      ["a-2", "prod-primary"],
      ["a-3", "Default"],
    ]);
    expect(result.registered).toBe(3);
    expect(result.ok).toBe(false);
  });

  it("repository runners are expected in the repository; names compare case-insensitively; a name at both levels is placed if one is right", () => {
    const result = compareFleetInventory({
      inventory: "hosts.yml",
      declared: [host("Repo-1", null, "repo"), host("b-1", "prod-primary"), host("b-2", null)],
      orgRunners: [runner("b-1", 1), runner("b-2", 1)],
      repoRunners: [runner("repo-1", undefined), runner("b-1", undefined)],
      githubGroups: GITHUB_GROUPS,
      groups: GROUPS,
    });
    expect(result.missing).toEqual([]);
    expect(result.wrong_group.map((w) => [w.runner, w.group, w.expected_group])).toEqual([
      ["b-1", "Default", "prod-primary"],
      ["b-1", "(repository)", "prod-primary"],
    ]);
    // b-2 has no runner_group: where it sits cannot be judged (inventory check reports the missing variable).
    expect(result.extra).toEqual([]);
  });
});
