/**
 * Target hosts in network namespaces made by the test: each host is a namespace joined to the
 * test's own namespace by a veth pair, running Debian's sshd (key login with a test key) and a small
 * HTTP app (test/fixtures/deploy/app.py: /version from the host's version file, /health). Addresses
 * are chosen here and exist only in the inventory the test writes: never a loopback target.
 *
 * Needs root (CI runs as root); `netnsSkipReason()` says why not otherwise, for `it.skipIf`.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sshdConfig } from "../../src/sandbox/rehearsal/hosts.js";
import { repoRoot } from "./cli.js";

export const APP_PORT = 8080;
const SSHD = "/usr/sbin/sshd";
const PYTHON = "/usr/bin/python3";

/** Why the network-namespace tests cannot run here, or undefined when they can. */
export function netnsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "network namespaces need root (CI runs as root): the real Ansible-over-SSH deploy cases are skipped";
  for (const tool of ["/usr/sbin/ip", SSHD, PYTHON, "/usr/bin/ssh-keygen"])
    if (!existsSync(tool)) return `${tool} is missing: the real Ansible-over-SSH deploy cases are skipped`;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "`ip netns` does not work here: the real Ansible-over-SSH deploy cases are skipped";
  }
  return undefined;
}

export interface LabHost {
  readonly name: string;
  readonly namespace: string;
  /** The host's address (in the test inventory only). */
  readonly address: string;
  /** Where the deploy writes its version file. */
  readonly appDir: string;
  /** Stops the host's sshd: Ansible finds it unreachable. */
  stopSsh(): Promise<void>;
}

export interface Lab {
  readonly hosts: readonly LabHost[];
  /** The client key Ansible logs in with. */
  readonly keyFile: string;
  /** An INI inventory of the hosts in group `group`. */
  writeInventory(path: string, group: string): void;
  close(): Promise<void>;
}

let labs = 0;

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function inNamespace(namespace: string, ...args: string[]): void {
  ip("netns", "exec", namespace, ...args);
}

/** Starts `command` in `namespace` and resolves once a line of its output matches `ready`. */
function startIn(namespace: string, command: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn("ip", ["netns", "exec", namespace, ...command], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let seen = "";
    const look = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (ready.test(seen)) resolve(child);
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${command[0] ?? ""} in ${namespace} exited (${String(code)}) before it was ready: ${seen.slice(-500)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Makes `count` hosts (`web-01`…) under `dir`. */
export async function startLab(dir: string, count: number): Promise<Lab> {
  const seq = labs++;
  const tag = `rw${process.pid % 100_000}${String.fromCharCode(97 + (seq % 26))}`;
  const second = 16 + (process.pid % 200);
  const keyFile = join(dir, "id_ed25519");
  mkdirSync(dir, { recursive: true });
  mkdirSync("/run/sshd", { recursive: true });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")]);
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${keyFile}.pub`));
  const children: ChildProcess[] = [];
  const namespaces: string[] = [];
  const hosts: LabHost[] = [];
  const close = async () => {
    await Promise.all(children.map(stop));
    for (const namespace of namespaces) {
      try {
        ip("netns", "del", namespace);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (let i = 0; i < count; i++) {
      const name = `web-${String(i + 1).padStart(2, "0")}`;
      const namespace = `${tag}h${i}`;
      const subnet = `10.${second}.${(seq * 16 + i) % 256}`;
      const address = `${subnet}.2`;
      try {
        ip("netns", "del", namespace);
      } catch {
        // none left over
      }
      ip("netns", "add", namespace);
      namespaces.push(namespace);
      ip("link", "add", `${tag}a${i}`, "type", "veth", "peer", "name", `${tag}b${i}`);
      ip("link", "set", `${tag}b${i}`, "netns", namespace);
      ip("addr", "add", `${subnet}.1/24`, "dev", `${tag}a${i}`);
      ip("link", "set", `${tag}a${i}`, "up");
      inNamespace(namespace, "ip", "addr", "add", `${address}/24`, "dev", `${tag}b${i}`);
      inNamespace(namespace, "ip", "link", "set", `${tag}b${i}`, "up");
      inNamespace(namespace, "ip", "link", "set", "lo", "up");
      const config = join(dir, `sshd-${name}.conf`);
      writeFileSync(config, sshdConfig(dir, name, address));
      const sshd = await startIn(namespace, [SSHD, "-D", "-e", "-f", config], /Server listening on/);
      children.push(sshd);
      const appDir = join(dir, "hosts", name);
      mkdirSync(appDir, { recursive: true });
      children.push(
        await startIn(namespace, [PYTHON, "-u", join(repoRoot, "test", "fixtures", "deploy", "app.py"), address, String(APP_PORT), appDir], /listening/),
      );
      hosts.push({ name, namespace, address, appDir, stopSsh: () => stop(sshd) });
    }
  } catch (e: unknown) {
    await close();
    throw e;
  }
  return {
    hosts,
    keyFile,
    writeInventory(path, group) {
      const lines = [
        `[${group}]`,
        ...hosts.map((host) => `${host.name} ansible_host=${host.address} app_dir=${host.appDir}`),
        "",
        `[${group}:vars]`,
        "ansible_user=root",
        `ansible_ssh_private_key_file=${keyFile}`,
        "",
      ];
      writeFileSync(path, lines.join("\n"));
    },
    close,
  };
}
