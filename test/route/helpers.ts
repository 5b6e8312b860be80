/** A runwarden.yml and an emulator for routing tests: two production groups, as in examples/scenarios/failover.yml. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorCode } from "../../src/model/system-errors.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";

export const ROUTE_CONFIG = `
github:
  repository: acme/platform
  min_runner_version: 2.320.0
  retries: 1
inventory: hosts
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux, x64, production], min_idle: 1 }
      - { name: secondary, group: prod-secondary, labels: [self-hosted, linux, x64, production], approved_for_failover: true }
    route:
      workflow: .github/workflows/deploy.yml
      allow_force_group: true
      watchdog: { queue_timeout: 5m }
`;

export interface ConfigDir {
  readonly dir: string;
  readonly path: string;
}

export function configFile(text: string = ROUTE_CONFIG, name = "runwarden.yml"): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), "rw-route-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

/** The variables a workflow run on main would have, pointed at the emulator. */
export function githubEnv<E extends Record<string, string>>(emulator: RunningEmulator, extra: E = {} as E): Record<string, string> & E {
  return {
    GITHUB_API_URL: emulator.url,
    GITHUB_TOKEN: emulator.token,
    GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main",
    GITHUB_REF: "refs/heads/main",
    ...extra,
  };
}

export interface GroupJson {
  name: string;
  github_group: string | null;
  healthy: boolean;
  eligible: boolean;
  online: number;
  idle: number;
  busy: number;
  offline: number;
  outdated: number;
  reasons: string[];
  next?: string;
}

export interface RouteJson {
  environment: string;
  group: string | null;
  github_group: string | null;
  labels: string[];
  failover: boolean;
  drill: boolean;
  unchecked: boolean;
  reasons: string[];
  next: string[];
  groups: GroupJson[];
  workflow: string | null;
  github: {
    requests: number;
    not_modified: number;
    retries: number;
    waited_ms: number;
    calls: { method: string; path: string; status: number | string; not_modified: boolean }[];
  };
}

/** The outputs a step wrote to `$GITHUB_OUTPUT` (GitHub's `name<<DELIMITER` blocks). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([A-Za-z0-9_-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] ?? ""] = match[3] ?? "";
  return outputs;
}

/** What a step of a workflow run saw: its exit code, its `$GITHUB_OUTPUT` outputs, stdout and stderr. */
export interface StepRun {
  readonly code: number;
  readonly outputs: Record<string, string>;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs runwarden in process as a step of run `runId` would: inside Actions, against the emulator,
 * with its own `$GITHUB_OUTPUT` and step summary in a folder removed afterwards.
 */
export async function runStep(emulator: RunningEmulator, argv: readonly string[], runId: number, cwd: string): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), "rw-step-"));
  try {
    const env = githubEnv(emulator, {
      GITHUB_ACTIONS: "true",
      GITHUB_RUN_ID: String(runId),
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_STEP_SUMMARY: join(dir, "summary"),
    });
    const run = await runInProcess([...argv], { env, cwd });
    let outputs: Record<string, string> = {};
    try {
      outputs = parseOutputs(readFileSync(env.GITHUB_OUTPUT, "utf8"));
    } catch (e: unknown) {
      if (errorCode(e) !== "ENOENT") throw e;
    }
    return { code: run.code, outputs, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
