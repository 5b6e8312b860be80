/**
 * Real Ansible over SSH: `runwarden deploy` runs ansible-playbook against three hosts in network
 * namespaces made by the test (sshd with a test key, a small app serving /version and /health),
 * then the version gate asks every host. Cases: success (while a careless command prints a secret
 * raw, in base64 and JSON-escaped: it is nowhere), a task failing on one host, a timeout (the
 * command's whole process group is gone afterwards), and one host unreachable. Skipped, saying why,
 * where network namespaces cannot be made (not root).
 */
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployResult } from "../../src/pipeline/types.js";
import { groupAlive } from "../../src/pipeline/process-group.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runInProcess } from "../helpers/cli.js";
import { APP_PORT, netnsSkipReason, startLab, type Lab } from "../helpers/netns.js";
import { SHA, startWorld, writeConfig, type World } from "./world.js";

const skip = netnsSkipReason();
const FIXTURES = join(repoRoot, "test", "fixtures", "deploy");
/** Needs JSON escaping (quote, backslash) and is long enough to be masked. */
const SECRET = 'dpl-"7Qx\\9vL2mK8pR4"-token';
/** One ansible-playbook run takes 1–3 s on an idle machine, minutes on a loaded one. */
const SLOW = 300_000;

let world: World;
let lab: Lab;

async function deploy(extraVars: string, options: { timeout?: string; prefix?: string; env?: Record<string, string> } = {}) {
  const run = `${options.prefix ?? ""}exec ansible-playbook -i {{ inventory }} ${join(FIXTURES, "playbooks", "deploy.yml")} -e app_version={{ sha }} ${extraVars}`;
  const config = writeConfig(
    world,
    {
      production: {
        deploy: { run, timeout: options.timeout ?? "5m", kill_grace: "2s", secrets: ["DEPLOY_TOKEN"] },
        gates: [{ name: "version live on every host", version: { url: `http://{{ ansible_host }}:${APP_PORT}/version`, json_path: "$.sha" }, count: 1 }],
      },
    },
    { inventory: join(world.dir, "inventory") },
  );
  const logFile = join(world.dir, "deploy.log");
  rmSync(logFile, { force: true });
  for (const host of lab.hosts) rmSync(join(host.appDir, "version"), { force: true });
  const cli = await runInProcess(["deploy", "-c", config, "-e", "production", "--json", "--log-file", logFile], {
    env: world.env({ ANSIBLE_CONFIG: join(FIXTURES, "ansible.cfg"), DEPLOY_TOKEN: SECRET, ...options.env }),
    cwd: world.dir,
  });
  return { ...cli, result: JSON.parse(cli.stdout) as DeployResult, log: readFileSync(logFile, "utf8") };
}

function recap(result: DeployResult): Record<string, string> {
  return Object.fromEntries(result.hosts.map((h) => [h.host, `${h.status} ok=${h.ok} changed=${h.changed} unreachable=${h.unreachable} failed=${h.failed}`]));
}

describe.skipIf(skip !== undefined)("runwarden deploy with real Ansible over SSH", () => {
  beforeAll(async () => {
    world = await startWorld();
    lab = await startLab(join(world.dir, "lab"), 3);
    lab.writeInventory(join(world.dir, "inventory"), "production");
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    await world?.close();
  });

  it(
    "deploys to every host and the version gate passes; a secret the command prints is nowhere",
    async () => {
      const summary = join(world.dir, "summary.md");
      const print = `printf 'raw %s\\n' "$DEPLOY_TOKEN"; printf 'b64 %s\\n' "$(printf %s "$DEPLOY_TOKEN" | base64 -w0)"; `;
      const run = await deploy("-e leak=true", { prefix: print, env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ outcome: "success", failure_class: null, failover: false });
      expect(recap(run.result)).toEqual({
        "web-01": "ok ok=2 changed=1 unreachable=0 failed=0",
        "web-02": "ok ok=1 changed=1 unreachable=0 failed=0",
        "web-03": "ok ok=1 changed=1 unreachable=0 failed=0",
      });
      for (const host of lab.hosts) expect(readFileSync(join(host.appDir, "version"), "utf8").trim()).toBe(SHA);
      expect(run.result.stages.find((s) => s.name === "gates")).toMatchObject({ status: "success" });
      expect(run.stderr).toContain("raw ***");
      expect(run.stderr).toContain("b64 ***");
      expect(run.log).toMatch(/token=\*\*\*/);

      const store =
        readFileSync(join(world.dir, "state.db")).toString("latin1") +
        (existsSync(join(world.dir, "state.db-wal")) ? readFileSync(join(world.dir, "state.db-wal")).toString("latin1") : "");
      const github = JSON.stringify([...world.emulator.engine.state.deployments.values(), ...world.emulator.engine.state.statuses.values()]);
      const forms = [SECRET, Buffer.from(SECRET).toString("base64"), JSON.stringify(SECRET).slice(1, -1), "7Qx"];
      for (const [where, text] of Object.entries({
        stdout: run.stdout,
        stderr: run.stderr,
        log: run.log,
        summary: readFileSync(summary, "utf8"),
        store,
        github,
      })) {
        for (const form of forms) expect(text.includes(form), `${where} holds the secret (${form})`).toBe(false);
      }
      expect(readFileSync(summary, "utf8")).toMatch(/\| web-02 \| ok \|/);
    },
    SLOW,
  );

  it(
    "a task failing on one host: application, no failover, the per-host recap says which",
    async () => {
      const run = await deploy("-e fail_on=web-02");
      expect(run.code, run.stderr).toBe(1);
      expect(run.result).toMatchObject({ outcome: "failure", failure_class: "application", failover: false, signature: { id: "ansible-task-failed" } });
      expect(recap(run.result)).toEqual({
        "web-01": "ok ok=1 changed=1 unreachable=0 failed=0",
        "web-02": "failed ok=0 changed=0 unreachable=0 failed=1",
        "web-03": "ok ok=1 changed=1 unreachable=0 failed=0",
      });
      expect(run.result.stages.find((s) => s.name === "gates")?.status).toBe("skipped");
    },
    SLOW,
  );

  it(
    "a timeout stops the command's whole process tree, and the attempt is recorded",
    async () => {
      const pidFile = join(world.dir, "command.pid");
      const run = await deploy("-e hang_for=600", { timeout: "20s", prefix: `echo $$ > ${pidFile}; ` });
      expect(run.code, run.stderr).toBe(1);
      expect(run.result.command).toMatchObject({ stopped: "timeout" });
      expect(run.result).toMatchObject({ outcome: "failure", failover: false });
      const pgid = Number(readFileSync(pidFile, "utf8"));
      expect(groupAlive(pgid), "processes of the command's group still run").toBe(false);
      const store = await openStore({ kind: "sqlite", path: join(world.dir, "state.db") });
      try {
        const attempt = await store.history.get(run.result.attempt_id ?? -1);
        expect(attempt).toMatchObject({ status: "failure", environment: "production", sha: SHA });
        expect(attempt?.stages.find((s) => s.name === "command")).toMatchObject({ status: "failure" });
      } finally {
        await store.close();
      }
    },
    SLOW,
  );

  it("an SSH session on a stand-in host starts clean: sshd sets SHLVL=1, so bash reads no ~/.bashrc of this machine's user, and TMPDIR", () => {
    const host = lab.hosts[0];
    if (host === undefined) throw new Error("no host");
    const shell = execFileSync("getent", ["passwd", "root"], { encoding: "utf8" }).trim().split(":")[6] ?? "";
    const ssh = ["-i", lab.keyFile, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];
    const [level, temporary] = execFileSync("ssh", [...ssh, `root@${host.address}`, 'echo "$SHLVL"; echo "$TMPDIR"'], { encoding: "utf8" })
      .trim()
      .split("\n");
    // bash counts itself one level in (2); as a top-level shell started by sshd (1) it would have
    // read ~/.bashrc first. Other shells leave the variable as sshd set it.
    expect(level).toBe(shell.endsWith("/bash") ? "2" : "1");
    // What a session leaves in its temporary folder goes where this process's goes.
    expect(temporary).toBe(tmpdir());
  });

  it(
    "one host unreachable: the target class, no failover (ADR 0007), the recap names the host",
    async () => {
      const down = lab.hosts[2];
      if (down === undefined) throw new Error("no third host");
      await down.stopSsh();
      const run = await deploy("");
      expect(run.code, run.stderr).toBe(1);
      expect(run.result).toMatchObject({ outcome: "failure", failure_class: "target", failover: false, signature: { id: "ansible-host-unreachable" } });
      expect(recap(run.result)["web-03"]).toBe("unreachable ok=0 changed=0 unreachable=1 failed=0");
      expect(recap(run.result)["web-01"]).toBe("ok ok=1 changed=1 unreachable=0 failed=0");
    },
    SLOW,
  );
});

describe.skipIf(skip === undefined)("runwarden deploy with real Ansible over SSH (skipped)", () => {
  it.skip(`skipped: ${skip ?? ""}`, () => undefined);
});
