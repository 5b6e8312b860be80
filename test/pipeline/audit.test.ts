/**
 * Every deploy attempt is in the audit trail: its outcome in history and its `deploy.attempt` entry are
 * written together, the entry carries who/what/where and never a secret, and `audit verify` accepts the
 * chain the deploys wrote.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli.js";
import { SHA_NO_TICKET, SHA_PR_TICKET, startWorld, writeConfig, type World } from "./world.js";

let world: World;

beforeAll(async () => {
  world = await startWorld();
  rmSync(join(world.dir, "state.db"), { force: true });
});

afterAll(async () => {
  await world.close();
});

const SECRET = "s3cr3t-audit-deploy-value-42";

interface Entry {
  seq: number;
  event: {
    type: string;
    outcome: string;
    environment?: string;
    sha?: string;
    actor?: string;
    stages: { name: string; outcome: string }[];
    failure_class: string | null;
  };
}

describe("deploy writes the audit trail", () => {
  it("one deploy.attempt entry per attempt, with who/what/where, and a chain that verifies", async () => {
    const config = writeConfig(world, {
      production: {
        guards: { branches: ["main"], change_ticket: "INFRA-[0-9]+" },
        deploy: { run: `echo deploying with $DEPLOY_TOKEN; touch ${world.marker}`, timeout: "1m", secrets: ["DEPLOY_TOKEN"] },
      },
    });
    const env = (sha: string) => world.env({ GITHUB_SHA: sha, DEPLOY_TOKEN: SECRET });
    const ok = await runInProcess(["deploy", "-c", config, "-e", "production", "--json"], { env: env(SHA_PR_TICKET), cwd: world.dir });
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await runInProcess(["deploy", "-c", config, "-e", "production", "--json"], { env: env(SHA_NO_TICKET), cwd: world.dir });
    expect(refused.code, refused.stderr).toBe(1);

    const exported = await runInProcess(["audit", "export", "-c", config, "--format", "jsonl"], { env: world.env(), cwd: world.dir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).not.toContain(SECRET);
    const all = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Entry);
    // Each attempt's notes come just before its deploy.attempt entry, with the same who/what/where.
    expect(all.map((entry) => entry.event.type)).toEqual(["lock.acquired", "deploy.attempt", "guard.refusal", "deploy.attempt"]);
    expect(all[0]?.event).toMatchObject({ lock: "production", environment: "production", sha: SHA_PR_TICKET, ttl_ms: expect.any(Number) });
    expect(all[2]?.event).toMatchObject({ guard: "change-ticket", environment: "production", sha: SHA_NO_TICKET });
    const entries = all.filter((entry) => entry.event.type === "deploy.attempt");
    expect(entries.map((entry) => [entry.event.outcome, entry.event.sha, entry.event.environment])).toEqual([
      ["succeeded", SHA_PR_TICKET, "production"],
      ["refused", SHA_NO_TICKET, "production"],
    ]);
    expect(entries[0]?.event.stages.find((stage) => stage.name === "command")?.outcome).toBe("ok");
    expect(entries[1]?.event.failure_class).toBe("guard");
    expect(entries[0]?.event.actor).toBeTruthy();

    const history = await runInProcess(["history", "-c", config, "-e", "production", "--json"], { env: world.env(), cwd: world.dir });
    expect((JSON.parse(history.stdout) as { attempts: unknown[] }).attempts).toHaveLength(2);

    const verify = await runInProcess(["audit", "verify", "-c", config, "--json"], { env: world.env(), cwd: world.dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
