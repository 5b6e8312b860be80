/**
 * A throwaway PostgreSQL 15 cluster for tests: `initdb` into a temp folder owned by the `postgres`
 * user (initdb and postgres refuse root), password authentication (scram) for the test role, a
 * free port on 127.0.0.1 and the unix socket in the same folder; `stop()` shuts it down at once and
 * removes everything. Not root and no way to switch user: `postgresUnavailable()` says why, and
 * the caller skips.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./servers.js";

const BIN = "/usr/lib/postgresql/15/bin";

export interface PostgresCluster {
  /** `postgres://runwarden@127.0.0.1:PORT/runwarden` — no password in it. */
  readonly url: string;
  /** The role's password, to give through PGPASSWORD. */
  readonly password: string;
  readonly port: number;
  /** A fresh, empty database on the cluster (for tests that must not share tables). */
  createDatabase(name: string): string;
  stop(): void;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Why a cluster cannot be started here, or `undefined` when it can. */
export function postgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, "initdb"))) return `no PostgreSQL 15 binaries in ${BIN} (apt-get install postgresql)`;
  if (process.getuid?.() === 0 && userIds("postgres") === undefined) return "running as root and there is no postgres user to run initdb as";
  return undefined;
}

export interface ClusterOptions {
  /** fsync off: faster, for tests that do not measure durability. Default true (off). */
  readonly fast?: boolean;
}

export async function startPostgres(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const reason = postgresUnavailable();
  if (reason !== undefined) throw new Error(reason);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "rw-pg-"));
  const data = join(dir, "data");
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const ids = userIds("postgres");
    if (ids === undefined) throw new Error("no postgres user");
    chownSync(dir, ids.uid, ids.gid);
    chownSync(pwfile, ids.uid, ids.gid);
  }
  const run = (bin: string, args: readonly string[]): string =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(BIN, bin), ...args], { encoding: "utf8", cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
      : execFileSync(join(BIN, bin), args, { encoding: "utf8", cwd: dir, stdio: ["ignore", "pipe", "pipe"] });

  run("initdb", ["-D", data, "-U", "runwarden", "--pwfile", pwfile, "-A", "scram-sha-256", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c max_connections=300",
    ...(options.fast === false ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ];
  run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", settings.join(" "), "start"]);
  const runPsql = (sql: string): void => {
    const env = { ...process.env, PGPASSWORD: password };
    const args = ["-h", "127.0.0.1", "-p", String(port), "-U", "runwarden", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql];
    if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", join(BIN, "psql"), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    else execFileSync(join(BIN, "psql"), args, { env, stdio: ["ignore", "pipe", "pipe"] });
  };
  runPsql("CREATE DATABASE runwarden");
  let stopped = false;
  return {
    url: `postgres://runwarden@127.0.0.1:${port}/runwarden`,
    password,
    port,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      runPsql(`CREATE DATABASE ${name}`);
      return `postgres://runwarden@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
