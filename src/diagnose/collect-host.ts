/**
 * The host collector, when diagnose runs on a runner host (`RUNWARDEN_RUNNER_ROOT`, or inside a job
 * `RUNNER_WORKSPACE`): the runner's systemd unit, the ERR/CRIT lines of its `_diag` logs, disk,
 * memory, load, the clock against GitHub's `Date` header, DNS and TCP to the API host. Each part is
 * one tracked source, so a part that hangs is named in `missing` and the rest is kept.
 */
import { lookup } from "node:dns/promises";
import { statfs } from "node:fs/promises";
import { connect } from "node:net";
import { freemem, loadavg, totalmem, cpus } from "node:os";
import { join } from "node:path";
import { runnerRoot, runnerServiceUnit } from "../checks/runner-folder.js";
import { unitState } from "../checks/systemd.js";
import type { GithubClient } from "../github/client.js";
import type { CollectorContext } from "./budget.js";
import { readDiagDir, type DiagEntry } from "./diag-lines.js";

export interface HostFindings {
  readonly root: string;
  readonly service: string | undefined;
  readonly diag: readonly DiagEntry[];
  readonly disk: { readonly path: string; readonly free_bytes: number; readonly total_bytes: number } | undefined;
  readonly memory: { readonly free_bytes: number; readonly total_bytes: number };
  readonly load: { readonly one: number; readonly cpus: number };
  readonly clock_skew_ms: number | undefined;
  readonly api: { readonly host: string; readonly resolved: string | undefined; readonly tcp: string | undefined };
}

function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    socket.once("connect", () => {
      socket.destroy();
      resolve(`connected to ${host}:${port}`);
    });
    socket.once("error", (e) => reject(e));
  });
}

export async function collectHost(
  ctx: CollectorContext,
  env: Readonly<Record<string, string | undefined>>,
  client: GithubClient | undefined,
  now: () => number,
  sinceMs: number,
): Promise<HostFindings | undefined> {
  const root = runnerRoot(env);
  if (root === undefined) {
    ctx.skip("host", "not on a runner host (RUNWARDEN_RUNNER_ROOT and RUNNER_WORKSPACE unset)");
    return undefined;
  }
  const apiUrl = new URL(client?.apiUrl ?? "https://api.github.com");
  const apiPort = apiUrl.port === "" ? (apiUrl.protocol === "http:" ? 80 : 443) : Number(apiUrl.port);
  const [service, diag, disk, skew, resolved, tcp] = await Promise.all([
    ctx.track("host: the runner's systemd unit", async (signal) => {
      const unit = await runnerServiceUnit(root);
      if (unit === undefined) return undefined;
      const state = await unitState(unit, env, signal);
      return "state" in state ? `${unit}: ${state.state}` : `${unit}: ${state.problem}`;
    }),
    ctx.track(
      `host: ${join(root, "_diag")} (Runner_*.log, Worker_*.log)`,
      (signal) => readDiagDir(join(root, "_diag"), now() - sinceMs, signal),
      (lines) => lines.length,
    ),
    ctx.track("host: disk of the runner folder", async () => {
      const stats = await statfs(root);
      return { path: root, free_bytes: stats.bavail * stats.bsize, total_bytes: stats.blocks * stats.bsize };
    }),
    client === undefined
      ? Promise.resolve(undefined)
      : ctx.track("host: clock against GitHub's Date header", async (signal) => {
          const before = now();
          const response = await client.raw("getRateLimit", {}, { signal });
          const date = response.headers["date"];
          const at = typeof date === "string" ? Date.parse(date) : Number.NaN;
          // GitHub's Date has whole seconds: within ±1 s of the midpoint is no skew.
          return Number.isNaN(at) ? undefined : Math.round((before + now()) / 2 - at);
        }),
    ctx.track(`host: DNS ${apiUrl.hostname}`, async () => (await lookup(apiUrl.hostname)).address),
    ctx.track(`host: TCP ${apiUrl.hostname}:${apiPort}`, (signal) => tcpConnect(apiUrl.hostname, apiPort, signal)),
  ]);
  return {
    root,
    service: service ?? undefined,
    diag: diag ?? [],
    disk,
    memory: { free_bytes: freemem(), total_bytes: totalmem() },
    load: { one: loadavg()[0] ?? 0, cpus: cpus().length },
    clock_skew_ms: skew ?? undefined,
    api: { host: apiUrl.hostname, resolved, tcp },
  };
}
