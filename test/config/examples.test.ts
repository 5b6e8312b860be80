/** The documented examples validate: DESIGN.md §4 (verbatim copy) and examples/runwarden.yml with its inventory. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig, resolvePath } from "../../src/config/load.js";
import { findLiteralAddress } from "../../src/config/schema/address.js";
import { FIXTURES, REPO } from "./helpers.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("DESIGN.md §4 example (test/fixtures/config/design-example.yml, copied verbatim)", () => {
  const { config } = loadConfig(join(FIXTURES, "design-example.yml"));
  const production = config.environments["production"];

  it("validates, with typed values", () => {
    expect(config.github.repository).toBe("acme/platform");
    expect(config.store).toEqual({ kind: "sqlite", path: ".runwarden/state.db" });
    expect(production?.runner_groups.map((g) => [g.name, g.min_idle, g.approved_for_failover])).toEqual([
      ["primary", 1, false],
      ["secondary", 1, true],
    ]);
    expect(production?.preflight.map((check) => check.kind)).toEqual(["disk", "command", "inventory", "tcp", "prometheus"]);
    expect(production?.deploy?.timeout).toBe(15 * 60_000);
    expect(production?.deploy?.secrets).toEqual(["DEPLOY_SSH_KEY", "VAULT_PASSWORD"]);
    expect(production?.gates.map((gate) => [gate.name, gate.probe.kind, gate.interval, gate.count, gate.failure_limit])).toEqual([
      ["version live on every host", "http", 10_000, 6, 0],
      ["error ratio", "prometheus", 30_000, 5, 1],
    ]);
  });

  it("narrows by kind", () => {
    const disk = production?.preflight[0];
    expect(disk?.kind === "disk" ? disk.min_free : undefined).toEqual({ unit: "bytes", bytes: 5 * 2 ** 30 });
    const ratio = production?.gates[1]?.probe;
    expect(ratio?.kind === "prometheus" ? ratio.condition : undefined).toBe("result < 0.01");
  });
});

describe("examples/runwarden.yml", () => {
  const file = join(REPO, "examples", "runwarden.yml");

  it("points editors at the JSON Schema on its first line", () => {
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../runwarden.schema.json");
  });

  it("validates, using every preflight kind and every gate probe", () => {
    const loaded = loadConfig(file);
    const production = loaded.config.environments["production"];
    expect(new Set(production?.preflight.map((check) => check.kind))).toEqual(
      new Set(["disk", "memory", "load", "command", "file", "inventory", "tcp", "http", "dns", "prometheus", "systemd", "runner", "secrets", "github"]),
    );
    expect(new Set(production?.gates.map((gate) => gate.probe.kind))).toEqual(new Set(["http", "tcp", "prometheus", "command", "version"]));
    expect(resolvePath(loaded, loaded.config.inventory[0] ?? "")).toBe(join(REPO, "examples", "inventories", "production", "hosts"));
  });

  it("has an inventory that defines what its templates read", () => {
    const inventory = join(REPO, "examples", "inventories", "production");
    const hosts = readFileSync(join(inventory, "hosts"), "utf8");
    expect(hosts).toMatch(/^\[production:children\]$/m);
    for (const line of hosts.split("\n").filter((l) => /^[a-z0-9].*\.example\.internal/.test(l))) expect(line).toMatch(/ansible_host=\S+\.example\.internal/);
    const all: unknown = parse(readFileSync(join(inventory, "group_vars", "all.yml"), "utf8"));
    expect(all).toMatchObject({ prometheus_url: expect.stringMatching(/^https:\/\/[a-z.-]+\.example\.internal$/) });
  });

  it("contains no IP address anywhere in the config or its inventory", () => {
    const files = [file, ...filesUnder(join(REPO, "examples", "inventories"))];
    for (const path of files) expect({ path, address: findLiteralAddress(readFileSync(path, "utf8")) }).toEqual({ path, address: undefined });
  });
});
