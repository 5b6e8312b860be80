/** `runwarden inventory` through the real binary: flags reach the right verb, runwarden.yml supplies the inventory. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runBinary } from "../helpers/cli.js";

const corpus = join(repoRoot, "test", "fixtures", "inventory", "corpus");

describe("runwarden inventory (binary)", () => {
  it("gives -i after `check` to check, and fails on the seed's localhost production", async () => {
    const run = await runBinary(["inventory", "check", "-i", "19-production-localhost/hosts", "--pattern", "all", "--json"], { cwd: corpus });
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as { counts: { error: number }; findings: { id: string }[] };
    expect(data.counts.error).toBeGreaterThan(0);
    expect(data.findings.map((finding) => finding.id)).toContain("inventory/loopback-target");
  });

  it("reads the inventory named by runwarden.yml when no -i is given", async () => {
    const examples = join(repoRoot, "examples");
    const direct = await runBinary(["inventory", "-i", "inventories/production/hosts", "--hosts", "all", "--json"], { cwd: examples });
    const viaConfig = await runBinary(["inventory", "--hosts", "all", "--json"], { cwd: examples });
    expect(viaConfig.stderr).toBe("");
    expect(viaConfig.code).toBe(0);
    const hosts = (JSON.parse(viaConfig.stdout) as { hosts: string[] }).hosts;
    expect(hosts.length).toBeGreaterThan(0);
    expect(viaConfig.stdout).toBe(direct.stdout);
  });

  it("says what is missing, exit 2, when there is neither -i nor runwarden.yml", async () => {
    const run = await runBinary(["inventory", "--list"], { cwd: mkdtempSync(join(tmpdir(), "rw-inv-")) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no inventory given");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
