/** `runwarden monitoring targets`: Prometheus file-SD JSON from the inventory, addresses from its variables. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli.js";
import { writeConfig } from "./fixture.js";

describe("runwarden monitoring targets", () => {
  it("lists runner hosts and each environment's targets with addresses from inventory variables", async () => {
    const fixture = writeConfig();
    const run = await runInProcess(["monitoring", "targets", "-c", fixture.configPath, "--json"], { cwd: fixture.dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { targets: ["runner1.example.internal:9100"], labels: { runwarden_role: "runner", inventory_host: "runner1.example.internal" } },
      { targets: ["runner2.example.internal:9101"], labels: { runwarden_role: "runner", inventory_host: "runner2.example.internal" } },
      { targets: ["app1.example.internal:9100"], labels: { runwarden_role: "target", environment: "production", inventory_host: "app1.example.internal" } },
      {
        targets: ["stage1-metrics.example.internal:9200"],
        labels: { runwarden_role: "target", environment: "staging", inventory_host: "stage1.example.internal" },
      },
    ]);
  });

  it("reads -i and --runners, and prints a table without --json", async () => {
    const fixture = writeConfig();
    const run = await runInProcess(["monitoring", "targets", "-i", join(fixture.dir, "hosts"), "-c", fixture.configPath, "--runners", "app"], {
      cwd: fixture.dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ROLE\s+ENVIRONMENT\s+HOST\s+TARGET/);
    expect(run.stdout).toMatch(/runner\s+-\s+app1\.example\.internal\s+app1\.example\.internal:9100/);
  });

  it("exits 2 when a host's port variable is not a port", async () => {
    const fixture = writeConfig();
    writeFileSync(join(fixture.dir, "hosts"), "[runners]\nrunner1.example.internal monitoring_port=ninety\n");
    const run = await runInProcess(["monitoring", "targets", "-c", fixture.configPath, "--json"], { cwd: fixture.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("runner1.example.internal: monitoring_port is not a port number");
  });

  it("exits 2 without an inventory", async () => {
    const fixture = writeConfig();
    const run = await runInProcess(["monitoring", "targets", "-c", join(fixture.dir, "absent.yml")], { cwd: fixture.dir });
    expect(run.code).toBe(2);
  });
});
