/**
 * `runwarden sandbox`: lays out a team's setup in a folder, starts what production would have (hosts
 * with sshd and the app, an emulated GitHub with two runner groups, Prometheus), plays the acts —
 * a good deploy, a runner that dies mid-deploy, a failure that must not fail over, nothing healthy —
 * and the finale, then stops everything it started (on success, failure and Ctrl-C alike).
 */
import { mkdtempSync, readFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Io } from "../../output/io.js";
import { runActs } from "./acts/index.js";
import type { SandboxContext } from "./context.js";
import { freePort, startHosts, type HostSet } from "./hosts.js";
import { layoutPaths, ORG, REPO, WORKFLOW_REF, writeConfigFiles, writeStaticFiles } from "./layout.js";
import { Narrator, seconds } from "./narrate.js";
import { killAllSync, ProcessRegistry } from "./processes.js";
import { EmulatorControl, prometheusAvailable, startEmulator, startPrometheus, startServe, type Prometheus } from "./services.js";
import { StepRunner } from "./steps.js";
import type { ActName, ActRecord, SandboxRecord } from "./types.js";
import { sayKeep, sayWelcome } from "./welcome.js";

export interface RehearsalOptions {
  readonly dir?: string;
  readonly keep: boolean;
  readonly scenario?: ActName;
  readonly json: boolean;
  /** Forces the loopback hosts even as root (tests of that mode). */
  readonly loopback?: boolean;
}

export interface RehearsalResult {
  readonly record: SandboxRecord;
}

/** Plays the rehearsal; `signal` is Ctrl-C, `stopped` resolves on it (for --keep's wait). */
export async function rehearse(options: RehearsalOptions, io: Io, signal: AbortSignal, stopped: Promise<unknown>): Promise<SandboxRecord> {
  const started = performance.now();
  const say = new Narrator(options.json ? io.stderr : io.stdout);
  const dir = options.dir === undefined ? mkdtempSync(join(tmpdir(), "runwarden-sandbox-")) : resolve(io.cwd, options.dir);
  mkdirSync(dir, { recursive: true });
  const paths = layoutPaths(dir);
  const registry = new ProcessRegistry();
  const lastResort = (): void => killAllSync(registry);
  process.on("exit", lastResort);
  let hosts: HostSet | undefined;
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  const onAbort = (): void => {
    void registry.stopAll(1000);
  };
  signal.addEventListener("abort", onAbort);
  const acts: ActRecord[] = [];
  let setupMs = 0;
  const services: Record<string, string> = {};
  try {
    say.text(say.style.bold("runwarden sandbox — the whole job on this machine: real deploys, a real failover, a drill"));
    writeStaticFiles(paths, io.files);
    const steps = new StepRunner(registry);
    const keygen = await steps.run(["audit", "keygen", "--out", paths.signingKey, "--json"], { env: { PATH: process.env.PATH ?? "" }, cwd: dir });
    const publicKey = (keygen.json as { public_key?: string } | undefined)?.public_key;
    if (keygen.code !== 0 || publicKey === undefined) throw new Error(`runwarden audit keygen failed: ${keygen.stderr}`);
    const signingKey = readFileSync(paths.signingKey, "utf8").trim();
    hosts = await startHosts(dir, paths.appScript, registry, io.files, options.loopback === true);
    const targets = hosts.hosts.map((h) => `${h.address}:${h.appPort}`);
    emulator = await startEmulator(paths.scenario, dir);
    const withPrometheus = prometheusAvailable();
    const prometheusPort = await freePort();
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    writeConfigFiles(paths, io.files, hosts.inventory(), prometheusUrl, { mode: hosts.mode, publicKey, prometheus: withPrometheus });
    services.github = emulator.url;
    const serveEnv = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      GITHUB_API_URL: emulator.url,
      GITHUB_TOKEN: emulator.token,
      GITHUB_REPOSITORY: `${ORG}/${REPO}`,
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
    };
    const serve = await startServe(registry, steps.bin, paths.config, serveEnv, dir);
    if (serve !== undefined) services.serve = serve.url;
    let prometheus: Prometheus | undefined;
    if (withPrometheus) {
      prometheus = await startPrometheus(
        paths.prometheusDir,
        registry,
        io.files,
        targets,
        serve === undefined ? {} : { runwarden: [serve.target] },
        prometheusPort,
      );
      services.prometheus = prometheus.url;
    }
    const ctx: SandboxContext = {
      paths,
      hosts,
      github: new EmulatorControl(emulator),
      prometheus,
      serveUrl: serve?.url,
      steps,
      registry,
      say,
      files: io.files,
      secrets: { signingKey, hmacKey: `sbx-audit-${randomToken()}${randomToken()}`, deployToken: `sbx-${randomToken()}` },
      signal,
    };
    io.masker.addSecret(ctx.secrets.signingKey, "RUNWARDEN_AUDIT_SIGNING_KEY");
    io.masker.addSecret(ctx.secrets.deployToken, "DEPLOY_TOKEN");
    io.masker.addSecret(ctx.secrets.hmacKey, "RUNWARDEN_AUDIT_KEY");
    // The gates ask Prometheus whether every app is scraped: its first scrape comes ~5 s after start.
    if (prometheus !== undefined) await prometheus.waitFor('min(up{job="app"})', (v) => v === "1", 60_000);
    setupMs = Math.round(performance.now() - started);
    sayWelcome(ctx, setupMs);
    acts.push(...(await runActs(ctx, options.scenario)));
    const record = result(options, dir, hosts, acts, services, started, setupMs);
    say.text();
    say.text(
      record.ok
        ? say.style.green(`✓ every act behaved as expected — ${seconds(record.wall_ms)} in all`)
        : say.style.red(`✗ ${acts.filter((a) => !a.ok).length} of ${acts.length} acts did not behave as expected — ${seconds(record.wall_ms)}`),
    );
    if (options.keep && !signal.aborted) {
      sayKeep(ctx, emulator.token);
      await stopped;
    }
    return record;
  } catch (e: unknown) {
    if (!signal.aborted) throw e;
    return result(options, dir, hosts, acts, services, started, setupMs);
  } finally {
    signal.removeEventListener("abort", onAbort);
    await registry.stopAll();
    hosts?.cleanup();
    await emulator?.close();
    process.off("exit", lastResort);
    say.text(say.style.dim(`stopped everything the sandbox started; its files stay in ${dir}`));
  }
}

function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function result(
  options: RehearsalOptions,
  dir: string,
  hosts: HostSet | undefined,
  acts: readonly ActRecord[],
  services: Record<string, string>,
  started: number,
  setupMs: number,
): SandboxRecord {
  return {
    ok: acts.length > 0 && acts.every((a) => a.ok),
    mode: hosts?.mode ?? "loopback",
    loopback_reason: hosts?.reason ?? null,
    dir,
    kept: options.keep,
    wall_ms: Math.round(performance.now() - started),
    setup_ms: setupMs,
    acts,
    services,
  };
}
