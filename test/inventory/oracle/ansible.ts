/**
 * Real Ansible as the oracle: the `ansible-inventory` and `ansible` executables (two at a time),
 * and a batch driver running the same CLI classes in one Python process for the many smaller
 * questions (see ansible_batch.py). Every run uses a fresh, empty working directory and
 * ANSIBLE_HOME, so no ansible.cfg, cache or playbook-adjacent group_vars leak in.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Run {
  readonly rc: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Job {
  readonly id: string;
  readonly cmd: "ansible-inventory" | "ansible";
  readonly args: readonly string[];
}

const DRIVER = join(import.meta.dirname, "ansible_batch.py");

/** A clean place to run Ansible from, and the environment the oracle sees. */
export class OracleSandbox {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.cwd = mkdtempSync(join(tmpdir(), "rw-ansible-"));
    this.env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.cwd,
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      ANSIBLE_HOME: join(this.cwd, ".ansible"),
      ANSIBLE_LOCAL_TEMP: join(this.cwd, ".ansible", "tmp"),
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_FORCE_COLOR: "0",
      ANSIBLE_INVENTORY_UNPARSED_WARNING: "False",
      ANSIBLE_LOCALHOST_WARNING: "False",
      ANSIBLE_DEPRECATION_WARNINGS: "False",
      ANSIBLE_INVENTORY_ENABLED: "host_list,script,auto,yaml,ini,toml",
      ANSIBLE_CONFIG: join(this.cwd, "ansible.cfg"),
      PYTHONHASHSEED: "0",
    };
    // An empty config of our own, so no /etc/ansible/ansible.cfg or ~/.ansible.cfg applies.
    writeFileSync(join(this.cwd, "ansible.cfg"), "");
  }

  dispose(): void {
    rmSync(this.cwd, { recursive: true, force: true });
  }

  exec(command: string, args: readonly string[], input?: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], { cwd: this.cwd, env: this.env, stdio: ["pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ rc: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
      child.stdin.end(input ?? "");
    });
  }

  /** Many command lines through the in-process driver; results by job id. */
  async batch(jobs: readonly Job[]): Promise<Map<string, Run>> {
    if (jobs.length === 0) return new Map();
    const run = await this.exec("/usr/bin/python3", [DRIVER], JSON.stringify(jobs));
    if (run.rc !== 0) throw new Error(`the Ansible batch driver failed (${run.rc}): ${run.stderr.slice(0, 2000)}`);
    const results = JSON.parse(run.stdout) as (Run & { id: string })[];
    return new Map(results.map((result) => [result.id, { rc: result.rc, stdout: result.stdout, stderr: result.stderr }]));
  }
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the results. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task !== undefined) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The host names `ansible PATTERN --list-hosts` printed. */
export function parseListHosts(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("    "))
    .map((line) => line.slice(4));
}
