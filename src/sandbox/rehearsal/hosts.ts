/**
 * The sandbox's production hosts. As root, with `ip netns` working: each host is a network
 * namespace joined to this one by a veth pair on a private /24 chosen at run time (one not routed
 * here yet), running Debian's sshd (key login with a key made for the run) and the sandbox app —
 * real targets Ansible reaches over SSH. Otherwise: the sandbox exception to the loopback rule —
 * each host is the app on 127.0.0.1 with its own port and `ansible_connection=local`, labelled as
 * such in the inventory, the output and docs/sandbox.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileWriter } from "../../output/io.js";
import type { ProcessRegistry } from "./processes.js";

export const HOST_NAMES = ["web-01", "web-02"] as const;
export const NETNS_APP_PORT = 8080;
const SSHD = "/usr/sbin/sshd";
const READY_MS = 20_000;

export interface SandboxHost {
  readonly name: string;
  readonly address: string;
  readonly appPort: number;
  /** Where the playbook writes the version this host serves. */
  readonly appDir: string;
  readonly namespace?: string;
}

export interface HostSet {
  readonly mode: "netns" | "loopback";
  /** Why loopback was used (when it was). */
  readonly reason?: string;
  readonly hosts: readonly SandboxHost[];
  /** The INI inventory lines of the hosts, group `production`. */
  inventory(): string;
  /** Removes what is not a process (namespaces, veth pairs); processes are the registry's. */
  cleanup(): void;
}

/** Why network-namespace hosts cannot be made here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "not root";
  for (const tool of ["/usr/sbin/ip", SSHD, "/usr/bin/ssh", "/usr/bin/ssh-keygen"]) if (!existsSync(tool)) return `${tool} is missing`;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "`ip netns` does not work here";
  }
  return undefined;
}

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A 10.x.y.0/24 that no address or route of this machine uses yet. */
function freeSubnet(): string {
  const used =
    execFileSync("ip", ["-4", "-o", "route", "show", "table", "all"], { encoding: "utf8" }) + execFileSync("ip", ["-4", "-o", "addr"], { encoding: "utf8" });
  for (let tries = 0; tries < 200; tries++) {
    const second = 100 + Math.floor(Math.random() * 150);
    const third = Math.floor(Math.random() * 250);
    const prefix = [10, second, third].join(".");
    if (!used.includes(`${prefix}.`) && !used.includes(`${[10, second].join(".")}.0.0/16`) && !/\b10\.0\.0\.0\/8\b/.test(used)) return prefix;
  }
  throw new Error("no free private /24 for the sandbox hosts");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A path sshd_config takes unquoted. */
const SAFE_PATH = /^\/[A-Za-z0-9_./-]*$/;

/** The sshd_config of a namespace host: key login only, files under `dir` (the test suite's hosts use it too). */
export function sshdConfig(dir: string, name: string, address: string): string {
  const temporary = tmpdir();
  return [
    "Port 22",
    `ListenAddress ${address}`,
    `HostKey ${join(dir, "host_key")}`,
    `PidFile ${join(dir, `sshd-${name}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "LogLevel INFO",
    "UseDNS no",
    // A session starts clean, as on a fresh server, not with the start-up files of whoever runs the
    // sandbox: bash run by sshd reads ~/.bashrc unless it is a nested shell (SHLVL ≥ 1), and the
    // hosts share this machine's home folders. An operator's pyenv, nvm or conda set-up there costs
    // ~0.6 s on every command Ansible runs over SSH and swaps the hosts' python3 for a shim.
    // …and with this process's temporary folder: what a session leaves behind (the payload folder
    // of a module Ansible's timeout killed) lands with this process's own temporary files (the
    // test suite's folder, removed when the suite ends), not in the machine's /tmp.
    `SetEnv SHLVL=1${SAFE_PATH.test(temporary) ? ` TMPDIR=${temporary}` : ""}`,
    "Subsystem sftp internal-sftp",
    "",
  ].join("\n");
}

/** Starts the hosts under `dir` (keys, configs, app folders), every process in `registry`. */
export async function startHosts(dir: string, appScript: string, registry: ProcessRegistry, files: FileWriter, wantLoopback: boolean): Promise<HostSet> {
  const unavailable = wantLoopback ? "--loopback given" : netnsUnavailable();
  return unavailable === undefined ? startNetnsHosts(dir, appScript, registry, files) : startLoopbackHosts(dir, appScript, registry, unavailable);
}

async function startNetnsHosts(dir: string, appScript: string, registry: ProcessRegistry, files: FileWriter): Promise<HostSet> {
  const sshDir = join(dir, "ssh");
  mkdirSync(sshDir, { recursive: true });
  mkdirSync("/run/sshd", { recursive: true });
  const keyFile = join(sshDir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "runwarden-sandbox", "-f", keyFile]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(sshDir, "host_key")]);
  files.write(join(sshDir, "authorized_keys"), readFileSync(`${keyFile}.pub`, "utf8"));
  const subnetBase = freeSubnet();
  const tag = `rwsb${process.pid % 100_000}`;
  const namespaces: string[] = [];
  const links: string[] = [];
  const cleanup = (): void => {
    for (const namespace of namespaces.splice(0)) {
      try {
        ip("netns", "del", namespace);
      } catch {
        // already gone
      }
    }
    for (const link of links.splice(0)) {
      try {
        ip("link", "del", link);
      } catch {
        // gone with its namespace
      }
    }
  };
  const hosts: SandboxHost[] = [];
  try {
    // One /24 split in /30s: host i gets .(4i+1) here and .(4i+2) in its namespace.
    for (const [i, name] of HOST_NAMES.entries()) {
      const namespace = `${tag}h${i}`;
      const local = `${subnetBase}.${4 * i + 1}`;
      const address = `${subnetBase}.${4 * i + 2}`;
      ip("netns", "add", namespace);
      namespaces.push(namespace);
      ip("link", "add", `${tag}a${i}`, "type", "veth", "peer", "name", `${tag}b${i}`);
      links.push(`${tag}a${i}`);
      ip("link", "set", `${tag}b${i}`, "netns", namespace);
      ip("addr", "add", `${local}/30`, "dev", `${tag}a${i}`);
      ip("link", "set", `${tag}a${i}`, "up");
      ip("netns", "exec", namespace, "ip", "addr", "add", `${address}/30`, "dev", `${tag}b${i}`);
      ip("netns", "exec", namespace, "ip", "link", "set", `${tag}b${i}`, "up");
      ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
      const config = join(sshDir, `sshd-${name}.conf`);
      files.write(config, sshdConfig(sshDir, name, address));
      const appDir = join(dir, "hosts", name);
      mkdirSync(appDir, { recursive: true });
      const sshd = registry.start(`sshd ${name}`, "ip", ["netns", "exec", namespace, SSHD, "-D", "-e", "-f", config]);
      const app = registry.start(`app ${name}`, "ip", ["netns", "exec", namespace, process.execPath, appScript, address, String(NETNS_APP_PORT), appDir]);
      await Promise.all([sshd.waitForLine(/Server listening on/, READY_MS), app.waitForLine(/^listening/, READY_MS)]);
      hosts.push({ name, address, appPort: NETNS_APP_PORT, appDir, namespace });
    }
  } catch (e: unknown) {
    cleanup();
    throw e;
  }
  return {
    mode: "netns",
    hosts,
    cleanup,
    inventory: () =>
      [
        "# The sandbox's production hosts: network namespaces made for this run (veth pairs, sshd, the app).",
        "[production]",
        ...hosts.map((h) => `${h.name} ansible_host=${h.address} app_port=${h.appPort} app_dir=${h.appDir}`),
        "",
        "[production:vars]",
        "ansible_user=root",
        `ansible_ssh_private_key_file=${keyFile}`,
        "",
      ].join("\n"),
  };
}

async function startLoopbackHosts(dir: string, appScript: string, registry: ProcessRegistry, reason: string): Promise<HostSet> {
  const hosts: SandboxHost[] = [];
  for (const name of HOST_NAMES) {
    const appDir = join(dir, "hosts", name);
    mkdirSync(appDir, { recursive: true });
    const port = await freePort();
    const app = registry.start(`app ${name}`, process.execPath, [appScript, "127.0.0.1", String(port), appDir]);
    await app.waitForLine(/^listening/, READY_MS);
    hosts.push({ name, address: "127.0.0.1", appPort: port, appDir });
  }
  return {
    mode: "loopback",
    reason,
    hosts,
    cleanup: () => undefined,
    inventory: () =>
      [
        "# SANDBOX EXCEPTION to the loopback rule: network namespaces could not be made here, so the",
        "# 'production' hosts are apps on 127.0.0.1 and Ansible runs locally. A real inventory that",
        "# points production at loopback is refused (runwarden inventory check, preflight forbid_loopback).",
        "[production]",
        ...hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_connection=local app_port=${h.appPort} app_dir=${h.appDir}`),
        "",
        "[production:vars]",
        `ansible_python_interpreter=/usr/bin/python3`,
        "",
      ].join("\n"),
  };
}
