/**
 * The world of the runner-lifecycle tests: the GitHub API emulator (on loopback, with a line per
 * request to wait on), two runner hosts in network namespaces (test/helpers/netns.ts: Debian sshd
 * with a test key), a TCP relay on each host's gateway address so the stand-in runner on the host
 * reaches the emulator, stand-in runner tarballs (test/ansible/fixtures/standin-runner — NOT the
 * GitHub Actions runner), the inventory, and `ansible-playbook` runs with their -vvv output kept.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { join } from "node:path";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import { startGithubEmulator, type RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot } from "../helpers/cli.js";
import { startLab, type Lab } from "../helpers/netns.js";

export const ANSIBLE = join(repoRoot, "ansible");
const STANDIN = join(repoRoot, "test", "ansible", "fixtures", "standin-runner");

const SCENARIO = `
org: acme
repository: platform
runner_groups:
  - { name: prod-primary, visibility: selected, repositories: [platform] }
  - { name: prod-secondary, visibility: selected, repositories: [platform] }
`;

/** Emulator request lines (`METHOD /path → status`), with a way to wait for one. */
export class RequestLines {
  readonly lines: string[] = [];
  readonly #waiters: (() => void)[] = [];

  push(line: string): void {
    this.lines.push(line);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once `done(lines)` holds; rejects when `abort` settles first. */
  async until(done: (lines: readonly string[]) => boolean, abort: Promise<unknown>): Promise<void> {
    let aborted = false;
    void abort.then(() => {
      aborted = true;
      for (const wake of this.#waiters.splice(0)) wake();
    });
    while (!done(this.lines)) {
      if (aborted) throw new Error(`stopped waiting: the play ended first; requests: ${this.lines.slice(-20).join("; ")}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }
}

export interface PlayResult {
  readonly code: number;
  readonly output: string;
  /** host → "ok=N changed=N unreachable=N failed=N" */
  readonly recap: Record<string, string>;
}

export interface RunnerWorld {
  readonly dir: string;
  readonly emulator: RunningEmulator;
  readonly requests: RequestLines;
  readonly lab: Lab;
  /** The runner user of each host (one /etc/passwd serves both test hosts). */
  readonly users: Record<string, string>;
  readonly inventory: string;
  readonly psDir: string;
  /** Runner home per inventory host. */
  readonly homes: Record<string, string>;
  tarball(version: string): { path: string; checksum: string };
  /** Starts ansible-playbook; `done` resolves with its result. */
  play(playbook: string, args?: readonly string[]): { done: Promise<PlayResult> };
  close(): Promise<void>;
}

export const HOSTS = {
  "runner-01": { group: "runner_primary", name: "prod-primary-01", runnerGroup: "prod-primary", labels: ["production", "primary"] },
  "runner-02": { group: "runner_secondary", name: "prod-secondary-01", runnerGroup: "prod-secondary", labels: ["production", "secondary"] },
} as const;

function relay(host: string, port: number): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = createConnection({ host: "127.0.0.1", port });
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port: 0 }, () => resolve(server));
  });
}

function recapOf(output: string): Record<string, string> {
  const recap: Record<string, string> = {};
  for (const match of output.matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm))
    recap[match[1] ?? ""] = `ok=${match[2]} changed=${match[3]} unreachable=${match[4]} failed=${match[5]}`;
  return recap;
}

export async function startRunnerWorld(dir: string): Promise<RunnerWorld> {
  mkdirSync(dir, { recursive: true });
  // The runner user must reach its home under the test directory.
  chmodSync(dir, 0o755);
  const requests = new RequestLines();
  const emulator = await startGithubEmulator({ scenario: parseScenario(SCENARIO, "runner-lifecycle"), log: (line) => requests.push(line) });
  const lab = await startLab(join(dir, "lab"), 2);
  const relays: Server[] = [];
  const users: Record<string, string> = {};
  const psDir = join(dir, "ps");
  mkdirSync(psDir, { recursive: true });
  chmodSync(psDir, 0o1777);
  const homes: Record<string, string> = {};
  const close = async () => {
    for (const home of Object.values(homes)) {
      const pidFile = join(home, ".standin-run.pid");
      if (!existsSync(pidFile)) continue;
      try {
        process.kill(Number(readFileSync(pidFile, "utf8")), "SIGTERM");
      } catch {
        // already stopped
      }
    }
    // The plays' SSH masters (ControlPersist) end before the hosts do.
    for (const socket of existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith("ssh-")) : []) {
      try {
        execFileSync("ssh", ["-o", `ControlPath=${join(dir, socket)}`, "-O", "exit", "runner-host"], { stdio: "ignore", timeout: 30_000 });
      } catch {
        // already gone
      }
    }
    await Promise.all(relays.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await lab.close();
    await emulator.close();
    for (const user of Object.values(users)) {
      try {
        execFileSync("userdel", [user], { stdio: "ignore" });
      } catch {
        // never created
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = Number(new URL(emulator.url).port);
    const hostLines: string[] = [];
    for (const [index, [host, spec]] of Object.entries(HOSTS).entries()) {
      const lab_host = lab.hosts[index];
      if (lab_host === undefined) throw new Error("lab host missing");
      const gateway = lab_host.address.replace(/\.\d+$/, ".1");
      const server = await relay(gateway, port);
      relays.push(server);
      const address = server.address();
      const relayPort = typeof address === "object" && address !== null ? address.port : 0;
      // The host's own root: the role creates what is below it (as /opt on a real host).
      mkdirSync(join(dir, "hosts", host), { recursive: true, mode: 0o755 });
      homes[host] = join(dir, "hosts", host, "actions-runner");
      users[host] = `rwr${process.pid % 100_000}${String.fromCharCode(97 + index)}`;
      hostLines.push(
        `    ${spec.group}:`,
        `      vars: { runner_group: ${spec.runnerGroup}, runner_labels: [${spec.labels.join(", ")}] }`,
        "      hosts:",
        `        ${host}:`,
        `          ansible_host: ${lab_host.address}`,
        `          runner_name: ${spec.name}`,
        `          runner_home: ${homes[host]}`,
        `          runner_user: ${users[host]}`,
        `          runner_github_url: http://${gateway}:${relayPort}`,
      );
    }
    const first = buildTarball(dir, psDir, "2.320.0");
    const inventory = join(dir, "inventory.yml");
    writeFileSync(
      inventory,
      [
        "all:",
        "  vars:",
        "    ansible_user: root",
        `    ansible_ssh_private_key_file: ${lab.keyFile}`,
        "    runner_become: false",
        `    runner_github_api_url: ${emulator.url}`,
        "    runner_github_org: acme",
        `    runner_version: "2.320.0"`,
        `    runner_tarball_path: ${first.path}`,
        `    runner_tarball_checksum: ${first.checksum}`,
        "    runner_service_manager: svc",
        `    runner_cache_dir: ${dir}/hosts/{{ inventory_hostname }}/cache`,
        `    runner_hooks_dir: ${dir}/hosts/{{ inventory_hostname }}/hooks`,
        `    runner_logrotate_dir: ${dir}/logrotate`,
        "    runner_poll_interval: 1",
        "    runner_online_timeout: 120",
        "    runner_drain_timeout: 600",
        "  children:",
        ...hostLines,
        "",
      ].join("\n"),
    );
    mkdirSync(join(dir, "logrotate"), { recursive: true });
    let plays = 0;
    return {
      dir,
      emulator,
      requests,
      lab,
      users,
      inventory,
      psDir,
      homes,
      tarball: (version) => buildTarball(dir, psDir, version),
      play(playbook, args = []) {
        const logFile = join(dir, `play-${++plays}-${playbook.replace(/\W+/g, "_")}.log`);
        const child = spawn("ansible-playbook", ["-vvv", "-i", inventory, join(ANSIBLE, "playbooks", playbook), ...args], {
          cwd: ANSIBLE,
          env: {
            PATH: process.env["PATH"] ?? "/usr/bin:/bin",
            HOME: process.env["HOME"] ?? "/root",
            LANG: "C.UTF-8",
            ANSIBLE_CONFIG: join(ANSIBLE, "ansible.cfg"),
            ANSIBLE_ROLES_PATH: join(ANSIBLE, "roles"),
            ANSIBLE_HOST_KEY_CHECKING: "False",
            // One SSH connection per host per play (the masters end with the hosts' sshd at close).
            ANSIBLE_SSH_ARGS: `-o ControlMaster=auto -o ControlPersist=120s -o ControlPath=${dir}/ssh-%C -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR`,
            ANSIBLE_TIMEOUT: "10",
            ANSIBLE_FORCE_COLOR: "0",
            PYTHONUNBUFFERED: "1",
            RUNNER_ADMIN_TOKEN: emulator.token,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        const take = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          appendFileSync(logFile, chunk);
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        const done = new Promise<PlayResult>((resolve, reject) => {
          child.once("error", reject);
          child.once("close", (code) => {
            resolve({ code: code ?? -1, output, recap: recapOf(output) });
          });
        });
        return { done };
      },
      close,
    };
  } catch (e: unknown) {
    await close();
    throw e;
  }
}

/** A stand-in runner tarball of `version` (test/ansible/fixtures/standin-runner) and its sha256. */
function buildTarball(dir: string, psDir: string, version: string): { path: string; checksum: string } {
  const tree = join(dir, "tarballs", `standin-${version}`);
  cpSync(STANDIN, tree, { recursive: true });
  writeFileSync(join(tree, "standin.json"), `${JSON.stringify({ version, ps_dir: psDir })}\n`);
  const path = join(dir, "tarballs", `actions-runner-standin-${version}.tar.gz`);
  execFileSync("tar", ["-czf", path, "-C", tree, "."]);
  return { path, checksum: `sha256:${createHash("sha256").update(readFileSync(path)).digest("hex")}` };
}

/** Every regular file under `root` (for a token search). */
export function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
