/**
 * The runner lifecycle content (ansible/) with real `ansible-playbook` over SSH against two runner
 * hosts in network namespaces (Debian sshd, a test key), talking to the GitHub API emulator. The
 * runner installed on the hosts is a STAND-IN built by the test (test/ansible/fixtures/standin-runner:
 * the documented config.sh / run.sh / svc.sh contract, registering with the emulator) — not the GitHub
 * Actions runner. Cases: provision from scratch (both runners online in their groups), idempotence,
 * a re-registration that lands in the wrong group fails naming it, a drained upgrade waits for a busy
 * runner, deregistration and the read-only verify, and no registration/remove token anywhere in the
 * -vvv output, the hosts' files or the process snapshots. Skipped, saying why, where network
 * namespaces cannot be made (not root) or ansible-playbook is missing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintedRunnerTokens } from "../../src/sandbox/github/routes-runners.js";
import { netnsSkipReason } from "../helpers/netns.js";
import { filesUnder, HOSTS, startRunnerWorld, type PlayResult, type RunnerWorld } from "./runner-host.js";

const skip = netnsSkipReason() ?? (existsSync("/usr/bin/ansible-playbook") ? undefined : "ansible-playbook is missing (apt-get install ansible-core)");
/** A play takes seconds on an idle machine, minutes on a loaded one. */
const SLOW = 900_000;

let world: RunnerWorld;
const plays: PlayResult[] = [];

async function play(playbook: string, args: readonly string[] = []): Promise<PlayResult> {
  const result = await world.play(playbook, args).done;
  plays.push(result);
  return result;
}

interface EmulatedRunner {
  id: number;
  name: string;
  status: string;
  busy: boolean;
  version: string;
  group: string;
  labels: { name: string; type: string }[];
}

function runners(): Record<string, EmulatedRunner> {
  const { state } = world.emulator.engine;
  return Object.fromEntries(
    [...state.runners.values()].map((r) => [
      r.name,
      { id: r.id, name: r.name, status: r.status, busy: r.busy, version: r.version, group: state.groups.get(r.groupId)?.name ?? "?", labels: r.labels },
    ]),
  );
}

const custom = (runner: EmulatedRunner | undefined) =>
  runner?.labels
    .filter((l) => l.type === "custom")
    .map((l) => l.name)
    .sort() ?? [];

async function patchRunner(name: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${world.emulator.url}/_emulator/runners/${name}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(200);
}

describe.skipIf(skip !== undefined)("runner lifecycle with real Ansible over SSH (stand-in runner, emulated GitHub)", () => {
  beforeAll(async () => {
    world = await startRunnerWorld(mkdtempSync(join(tmpdir(), "rw-runners-")));
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it(
    "provision.yml from scratch: both runners registered, online, in their groups, with hooks and log rotation",
    async () => {
      const run = await play("provision.yml");
      expect(run.code, run.output.slice(-4000)).toBe(0);
      const now = runners();
      for (const spec of Object.values(HOSTS)) {
        expect(now[spec.name], spec.name).toMatchObject({ status: "online", group: spec.runnerGroup, version: "2.320.0" });
        expect(custom(now[spec.name])).toEqual([...spec.labels].sort());
      }
      const home = world.homes["runner-01"] ?? "";
      const env = readFileSync(join(home, ".env"), "utf8");
      expect(env).toContain(`ACTIONS_RUNNER_HOOK_JOB_STARTED=${world.dir}/hosts/runner-01/hooks/job-started.sh`);
      expect(env).toContain(`ACTIONS_RUNNER_HOOK_JOB_COMPLETED=${world.dir}/hosts/runner-01/hooks/job-completed.sh`);
      expect(readFileSync(join(world.dir, "hosts", "runner-01", "hooks", "job-started.sh"), "utf8")).toContain("exec runwarden preflight --local");
      expect(readFileSync(join(world.dir, "logrotate", "actions-runner-prod-primary-01"), "utf8")).toContain(`${home}/_diag/*.log {`);
      // The runner runs as its dedicated unprivileged user, not root.
      const pid = readFileSync(join(home, ".standin-run.pid"), "utf8").trim();
      const owner = readFileSync(`/proc/${pid}/status`, "utf8").match(/^Uid:\s+(\d+)/m)?.[1];
      expect(owner).not.toBe("0");
      expect(statSync(join(home, ".runner")).uid).toBe(Number(owner));
    },
    SLOW,
  );

  it(
    "a second provision.yml changes nothing (changed=0 on both hosts)",
    async () => {
      const run = await play("provision.yml");
      expect(run.code, run.output.slice(-4000)).toBe(0);
      expect(run.recap["runner-01"]).toMatch(/changed=0 unreachable=0 failed=0/);
      expect(run.recap["runner-02"]).toMatch(/changed=0 unreachable=0 failed=0/);
      expect(world.requests.lines.filter((l) => l.includes("registration-token")).length).toBe(2);
    },
    SLOW,
  );

  it(
    "a re-registration (--replace) that lands in the wrong group fails the play naming the runner and both groups",
    async () => {
      // The runner of that name sits in the primary group; --replace keeps it there (the reported failure).
      await patchRunner("prod-secondary-01", { group: "prod-primary" });
      const run = await play("provision.yml", ["--limit", "runner-02", "-e", "runner_replace=true"]);
      expect(run.code).toBe(2);
      expect(run.output).toContain("runner prod-secondary-01: is in the wrong runner group: expected group prod-secondary, actual group prod-primary");
      expect(run.recap["runner-02"]).toMatch(/failed=1/);
      // Put right by hand (group), and the replaced registration's runner reconnected (online).
      await patchRunner("prod-secondary-01", { group: "prod-secondary", status: "online" });
    },
    SLOW,
  );

  it(
    "upgrade.yml drains a busy runner: waits while it is busy, upgrades once it is idle, primary group first",
    async () => {
      const next = world.tarball("2.321.0");
      await patchRunner("prod-primary-01", { busy: true });
      const id = runners()["prod-primary-01"]?.id;
      const upgrade = world.play("upgrade.yml", [
        "-e",
        "runner_version=2.321.0",
        "-e",
        `runner_tarball_path=${next.path}`,
        "-e",
        `runner_tarball_checksum=${next.checksum}`,
      ]);
      const drained = world.requests.lines.length;
      // The drain: labels removed, then GitHub asked at least twice whether the runner is still busy.
      await world.requests.until((lines) => {
        const since = lines.slice(drained);
        const at = since.indexOf(`DELETE /orgs/acme/actions/runners/${id}/labels → 200`);
        return at >= 0 && since.slice(at).filter((l) => l === "GET /orgs/acme/actions/runners → 200").length >= 2;
      }, upgrade.done);
      expect(custom(runners()["prod-primary-01"])).toEqual([]);
      expect(runners()["prod-primary-01"]).toMatchObject({ version: "2.320.0", status: "online", busy: true });
      expect(readFileSync(join(world.homes["runner-01"] ?? "", ".runwarden-version"), "utf8").trim()).toBe("2.320.0");
      await patchRunner("prod-primary-01", { busy: false });
      const run = await upgrade.done;
      plays.push(run);
      expect(run.code, run.output.slice(-4000)).toBe(0);
      for (const spec of Object.values(HOSTS)) {
        expect(runners()[spec.name], spec.name).toMatchObject({ status: "online", group: spec.runnerGroup, version: "2.321.0", busy: false });
        expect(custom(runners()[spec.name])).toEqual([...spec.labels].sort());
      }
      expect(run.output.indexOf("PLAY [Upgrade the primary runners")).toBeLessThan(run.output.indexOf("PLAY [Upgrade the secondary runners"));
    },
    SLOW,
  );

  it(
    "deregister.yml retires the secondary runner; verify.yml then fails naming it and passes the primary",
    async () => {
      const refused = await play("deregister.yml");
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain("deregister.yml retires runners: name them with --limit");
      const run = await play("deregister.yml", ["--limit", "runner-02"]);
      expect(run.code, run.output.slice(-4000)).toBe(0);
      expect(runners()["prod-secondary-01"]).toBeUndefined();
      expect(existsSync(world.homes["runner-02"] ?? "")).toBe(false);
      const verify = await play("verify.yml");
      expect(verify.code).toBe(2);
      expect(verify.output).toContain("runner prod-secondary-01: GitHub has no runner of that name");
      expect(verify.recap["runner-01"]).toMatch(/changed=0 unreachable=0 failed=0/);
      expect(verify.recap["runner-02"]).toMatch(/failed=1/);
    },
    SLOW,
  );

  it(
    "no registration or remove token in any play's -vvv output, any file of the hosts, or any process snapshot",
    () => {
      const tokens = mintedRunnerTokens(world.emulator.engine);
      expect(tokens.map((t) => t.kind).sort()).toEqual(["registration", "registration", "registration", "remove"]);
      const snapshots = readdirSync(world.psDir);
      expect(snapshots.some((name) => name.startsWith("ps-config-"))).toBe(true);
      expect(snapshots.some((name) => name.startsWith("ps-remove-"))).toBe(true);
      // The snapshots were taken while config.sh ran under the play: they show it.
      const configSnapshot = readFileSync(join(world.psDir, snapshots.find((n) => n.startsWith("ps-config-")) ?? ""), "utf8");
      expect(configSnapshot).toMatch(/standin\.py config --unattended --url/);
      const places: [string, string][] = [
        ...plays.map((p, i): [string, string] => [`play ${i + 1} output`, p.output]),
        ...filesUnder(world.dir).map((path): [string, string] => [path, readFileSync(path).toString("latin1")]),
        ...filesUnder(join(process.env["HOME"] ?? "/root", ".ansible", "tmp")).map((path): [string, string] => [path, readFileSync(path).toString("latin1")]),
      ];
      expect(places.length).toBeGreaterThan(20);
      for (const token of tokens) for (const [where, text] of places) expect(text.includes(token.value), `${token.kind} token in ${where}`).toBe(false);
      // The admin token the plays authenticate with is not printed either.
      for (const p of plays) expect(p.output.includes(world.emulator.token), "admin token in a play's output").toBe(false);
    },
    SLOW,
  );
});

describe.skipIf(skip === undefined)("runner lifecycle with real Ansible over SSH (skipped)", () => {
  it.skip(`skipped: ${skip ?? ""}`, () => undefined);
});
